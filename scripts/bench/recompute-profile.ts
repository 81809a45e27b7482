// Where the whole-shop recompute spends its time, statement by statement:
//   npx tsx scripts/bench/recompute-profile.ts   (BENCH_CUSTOMERS, default 1000000)
// The state right after a day of activity (first full recompute, then simulateDay) is cached as its
// own template database, so each run clones it and times only the daily (incremental) recompute.
// BENCH_FULL=1 times a full rebuild instead, BENCH_FULL=first the first run on the bare store;
// BENCH_REFRESH=1 times refreshes before and after; BENCH_FRESH=1 rebuilds the cached templates.
import fs from "node:fs";
import os from "node:os";
import type pg from "pg";
import { createDb, type Db } from "~/db.server";
import { memoryLogger } from "~/logger.server";
import { defaultRecomputeOptions, recomputeShop } from "~/profile/recompute.server";
import { simulateDay, timeRefresh } from "./metrics-activity";
import {
  benchServer,
  benchStore,
  cloneDatabase,
  databaseComment,
  dropBenchDatabase,
  markDatabase,
} from "./metrics-store";

const asOf = new Date("2026-06-01T00:00:00Z");
const DAY = 86_400_000;
const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const label = customers >= 1_000_000 ? `${customers / 1_000_000}M` : `${customers / 1000}k`;
const shop = `bench-${label}.myshopify.com`;
const say = (line: string) => process.stdout.write(`${line}\n`);

/** Statements slower than 50 ms, in order, with their time. */
function timed(db: Db, slow: { ms: number; sql: string }[]): Db {
  const connect = db.pool.connect.bind(db.pool) as () => Promise<pg.PoolClient>;
  const pool = Object.create(db.pool) as pg.Pool;
  pool.connect = (async () => {
    const client = await connect();
    if (explain) {
      await client.query(`LOAD 'auto_explain'; SET auto_explain.log_min_duration = ${Number(explain)}; SET auto_explain.log_analyze = on;
        SET auto_explain.log_nested_statements = on; SET auto_explain.log_buffers = on`);
    }
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    return Object.assign(Object.create(client) as pg.PoolClient, {
      query: (...args: unknown[]) => {
        const text = args[0];
        // COPY streams (client.query(copyFrom(…))) must come back as they are.
        if (typeof text !== "string") return query(...args);
        const started = performance.now();
        return query(...args).then((result) => {
          const ms = performance.now() - started;
          if (ms > 50) slow.push({ ms: Math.round(ms), sql: text.replace(/\s+/g, " ").slice(0, 160) });
          return result;
        });
      },
      release: client.release.bind(client),
    });
  }) as unknown as pg.Pool["connect"];
  return { ...db, pool };
}

// BENCH_EXPLAIN=ms: plans of statements slower than that, with actual row counts, into /tmp/recompute-plans.log.
const explain = process.env.BENCH_EXPLAIN;
const plans = explain ? fs.createWriteStream("/tmp/recompute-plans.log") : null;
const server = await benchServer(plans ? (line) => plans.write(`${line}\n`) : undefined);
const dayTemplate = `metrics_day_${label.toLowerCase()}`;
const run = `rapport_profile_${label.toLowerCase()}`;
try {
  if ((await databaseComment(server, dayTemplate)) !== "day-ready" || process.env.BENCH_FRESH) {
    const store = await benchStore(server, dayTemplate, { shop, customers, asOf, seed: 42 });
    const db = createDb(store.url, { max: 4 });
    const slow: { ms: number; sql: string }[] = [];
    const first = await recomputeShop(
      { db: timed(db, slow), now: () => asOf, log: memoryLogger() },
      shop,
      defaultRecomputeOptions,
    );
    say(`first (full) recompute: ${JSON.stringify(first.timings)}`);
    for (const s of slow) say(`  ${String(s.ms).padStart(7)} ms  ${s.sql}`);
    say(`day: ${JSON.stringify(await simulateDay(db.pool, shop, customers, asOf))}`);
    await db.pool.query("VACUUM ANALYZE");
    await db.close();
    await markDatabase(server, dayTemplate, "day-ready");
  }
  // BENCH_FULL=first: the first run on the bare store; BENCH_FULL=1: a full rebuild a day later.
  const mode = process.env.BENCH_FULL;
  const target =
    mode === "first"
      ? (await benchStore(server, run, { shop, customers, asOf, seed: 42 })).url
      : await cloneDatabase(server, dayTemplate, run);
  say(`cloned the store into ${run}`);
  // BENCH_PGOPTIONS: session settings for the recompute's connections, e.g. "-c enable_hashagg=off".
  const options = process.env.BENCH_PGOPTIONS;
  const db = createDb(options ? `${target}?options=${encodeURIComponent(options)}` : target, { max: 4 });
  if (process.env.BENCH_REFRESH) {
    // One customer's refresh in the steady state (the cached day, vacuumed), before and after the daily run.
    const at = new Date(asOf.getTime() + DAY + 3_600_000);
    say(`refresh before the daily run: ${JSON.stringify(await timeRefresh(db, shop, customers, 300, at, 0))}`);
  }
  const slow: { ms: number; sql: string }[] = [];
  const now = mode === "first" ? asOf : new Date(asOf.getTime() + DAY);
  const started = performance.now();
  const result = await recomputeShop({ db: timed(db, slow), now: () => now, log: memoryLogger() }, shop, {
    ...defaultRecomputeOptions,
    full: mode === "1",
  });
  say(
    `${result.mode} recompute ${Math.round(performance.now() - started) / 1000} s, ${result.dirty} dirty, load ${os.loadavg()[0].toFixed(2)}: ${JSON.stringify(result.timings)}`,
  );
  for (const s of slow) say(`  ${String(s.ms).padStart(7)} ms  ${s.sql}`);
  if (process.env.BENCH_REFRESH) {
    say(
      `refresh after: ${JSON.stringify(await timeRefresh(db, shop, customers, 300, new Date(now.getTime() + 3_600_000), 1000))}`,
    );
  }
  await db.close();
  await dropBenchDatabase(server, run);
} finally {
  await server.stop();
}
