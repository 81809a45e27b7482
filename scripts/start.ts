// `npm start`: the production server (after `npm run build`). Set WORKER_MODE=off and run
// `npm run worker` in other processes to scale workers separately. The configuration is checked
// first, then the process runs under its heap setting (RAPPORT_HEAP_MB, decision 0223).
import { loadEnvOrExit } from "~/env.server";
import { startWithHeapSetting } from "~/runtime/heap.server";

loadEnvOrExit();
await startWithHeapSetting({ restart: true });
const { launch } = await import("~/runtime/launch.server");
await launch({ dev: false });
