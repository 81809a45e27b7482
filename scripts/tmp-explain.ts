import { createDb } from "~/db.server";
import { startEmbeddedPostgres } from "~/postgres.server";
import { memoryLogger } from "~/logger.server";
import { recomputeShop } from "~/intelligence/recompute.server";
import { applyMigrations } from "~/migrate.server";
const dir = "/tmp/rapport-metrics-dev";
const server = await startEmbeddedPostgres({ dataDir: dir + "/data", port: 54999 });
await applyMigrations(server.url).catch((e: unknown) => console.log(String(e).slice(0, 300)));
const db = createDb(server.url, { max: 2 });
const shop = "dev.myshopify.com"; const asOf = new Date("2026-06-01T00:00:00Z");
for (let i = 0; i < 2; i++) { const s = performance.now(); const r = await recomputeShop({ db, now: () => asOf, log: memoryLogger() }, shop); console.log(Math.round(performance.now() - s), JSON.stringify(r.timings), r.clv.status); }
await db.close(); await server.stop();
