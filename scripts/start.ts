// `npm start`: the production server (after `npm run build`). Set WORKER_MODE=off and run
// `npm run worker` in other processes to scale workers separately.
import { launch } from "~/runtime/launch.server";

await launch({ dev: false });
