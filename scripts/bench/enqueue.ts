// Cost of the webhook intake's batched enqueue (docs/decisions/0155): graphile-worker's
// WorkerUtils.addJobs, which returns every job row, against the graphile_worker.add_jobs SQL
// call the intake used before (0080), which counted the rows in PostgreSQL instead. Batches of
// webhook jobs (a few ids each, as 0080 queues them), alternated, median per batch.
// Run: npx tsx scripts/bench/enqueue.ts
import { makeWorkerUtils } from "graphile-worker";
import pg from "pg";
import { benchDatabase } from "./database";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const SIZES = [1, 50, 500];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const db = await benchDatabase("bench_enqueue");
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on("error", (error) => console.error("pool error", error));
  const utils = await makeWorkerUtils({ pgPool: pool });
  await utils.migrate();
  let seq = 0;
  const batch = (size: number) =>
    Array.from({ length: size }, () => {
      const webhookId = `bench-${++seq}-0b7c5f3e-4a51-4d8e-9a3c-2f1d6e8b7a90`;
      return {
        identifier: "ingest.webhook" as const,
        payload: {
          shop: "bench.myshopify.com",
          topic: "orders/updated",
          webhookId,
          triggeredAt: "2026-12-05T10:00:00.000Z",
        },
        maxAttempts: 12,
      };
    });
  const viaSql = async (size: number) => {
    const specs = batch(size).map((s) => ({
      identifier: s.identifier,
      payload: s.payload,
      max_attempts: s.maxAttempts,
    }));
    await pool.query(
      `SELECT count(*) FROM graphile_worker.add_jobs(array(SELECT json_populate_recordset(null::graphile_worker.job_spec, $1::json)), false)`,
      [JSON.stringify(specs)],
    );
  };
  const viaUtils = async (size: number) => {
    await utils.addJobs(batch(size), false);
  };
  for (const size of SIZES) {
    const times = { sql: [] as number[], utils: [] as number[] };
    for (let round = 0; round < ROUNDS + 5; round++) {
      for (const [name, run] of round % 2
        ? ([
            ["sql", viaSql],
            ["utils", viaUtils],
          ] as const)
        : ([
            ["utils", viaUtils],
            ["sql", viaSql],
          ] as const)) {
        const started = process.hrtime.bigint();
        await run(size);
        if (round >= 5) times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }
    console.log(
      `batch of ${size}: add_jobs SQL ${median(times.sql).toFixed(2)} ms, WorkerUtils.addJobs ${median(times.utils).toFixed(2)} ms (median of ${ROUNDS})`,
    );
  }
  await utils.release();
  await pool.end();
  await db.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
