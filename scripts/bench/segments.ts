// npm run bench:segments: pillar segment counts on a synthetic 1M-customer store (segment-counts.ts),
// plus message renders per second (renders.ts) and send throughput against the simulator (sends.ts).
// Env: BENCH_SEGMENT_CUSTOMERS (default 1,000,000), DATABASE_URL (else an embedded PostgreSQL in
// tmp/bench-pg), BENCH_SEGMENT_REUSE=1 (time the store the last run left). Last line: one JSON object.
import fs from "node:fs";
import path from "node:path";
import { createDb } from "~/db.server";
import { applyMigrations } from "~/db/migrate.server";
import { embeddedUrl, freePort, startEmbeddedPostgres } from "~/db/postgres.server";
import { runRenderBench } from "./renders";
import { runSendBench } from "./sends";
import { runSegmentCountBench } from "./segment-counts";

const root = path.resolve(import.meta.dirname, "../..");
const customers = Number(process.env.BENCH_SEGMENT_CUSTOMERS ?? 1_000_000);
const now = new Date("2026-11-29T12:00:00.000Z");
const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function server(): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = "/postgres";
    return { adminUrl: url.toString(), stop: async () => undefined };
  }
  const dataDir = path.join(root, "tmp", "bench-pg");
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const running = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port });
  return { adminUrl: embeddedUrl(port, "postgres"), stop: running.stop };
}

const pgServer = await server();
const dbName = "rapport_bench_segments";
// BENCH_SEGMENT_REUSE=1 times the counts on the store a previous run left behind.
const reuse = process.env.BENCH_SEGMENT_REUSE === "1";
const admin = createDb(pgServer.adminUrl, { max: 1 });
const exists = (await admin.pool.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])).rowCount === 1;
const populate = !(reuse && exists);
if (populate) {
  await admin.pool.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.pool.query(`CREATE DATABASE "${dbName}"`);
}
await admin.close();
const url = new URL(pgServer.adminUrl);
url.pathname = `/${dbName}`;
if (populate) await applyMigrations(url.toString());
const db = createDb(url.toString(), { max: 4 });
try {
  const segments = await runSegmentCountBench(db, { shop: "bench.myshopify.com", customers, now, log, populate });
  // Messaging figures (renders.ts, sends.ts are the messaging area's).
  const renders = runRenderBench();
  const sends = await runSendBench({ postgresAdminUrl: pgServer.adminUrl });
  console.log(JSON.stringify({ segments, renders, sends }));
} finally {
  await db.close();
  await pgServer.stop();
}
