// `npm run worker`: a job worker only, no web server. Run as many as needed against one database.
// The configuration is checked first, then the process runs under its heap setting (RAPPORT_HEAP_MB,
// decision 0223); a worker that runs out of memory is started again and its job retried (0211).
import { loadEnvOrExit } from "~/env.server";
import { startWithHeapSetting } from "~/runtime/heap.server";

loadEnvOrExit();
await startWithHeapSetting({ restart: true });
const { launch } = await import("~/runtime/launch.server");
await launch({ dev: false, web: false, worker: true });
