// `npm run worker`: a job worker only, no web server. Run as many as needed against one database.
import { launch } from "~/runtime/launch.server";

await launch({ dev: false, web: false, worker: true });
