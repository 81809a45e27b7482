// `npm run dev`: the app with Vite's dev middleware (hot reload), worker inline.
import { launch } from "~/runtime/launch.server";

await launch({ dev: true });
