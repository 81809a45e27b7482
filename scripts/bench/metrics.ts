// npm run bench:metrics — customer intelligence at scale on 100k- and 1M-customer synthetic stores
// (tests/support/synthetic-store.ts, ~5.4 orders per customer; cached as template databases by
// scripts/bench/metrics-store.ts, so only the first run populates). Times: the first (full)
// recompute; one customer's refresh after a new order (p50/p99 over 200); a day of store activity
// (new orders, refunds, cancellations); the steady-state daily recompute a day later; the CLV model
// fit alone; the refresh again after the daily run. BENCH_VERIFY=1 (default at ≤ 100k) checks the daily run against a full rebuild.
// Embedded PostgreSQL under .data/bench-metrics unless DATABASE_URL is set. Last line: JSON.
import os from "node:os";
import type pg from "pg";
import { createDb, type Db } from "~/db.server";
import { fitClv, defaultClvFitOptions } from "~/profile/rules/clv/fit";
import { memoryLogger } from "~/logger.server";
import { readGroups, readMonetary } from "~/profile/clv-stage.server";
import { createSummary } from "~/profile/profile-sql.server";
import { shopTimeZone } from "~/profile/shop-state.server";
import { defaultRecomputeOptions, recomputeShop, type RecomputeResult } from "~/profile/recompute.server";
import { simulateDay, timeRefresh } from "./metrics-activity";
import { benchServer, benchStore, cloneDatabase, dropBenchDatabase } from "./metrics-store";

const asOf = new Date("2026-06-01T00:00:00Z");
const DAY = 86_400_000;
const sizes = (process.env.BENCH_SIZES ?? "100000,1000000").split(",").map(Number);
const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => Math.round(ms) / 1000;
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** The model fit alone, on the (x, t_x, T) groups of the stored profiles: read out, both fits in JS. */
async function timeFit(
  db: Db,
  shop: string,
  at: Date,
): Promise<{ readMs: number; fitMs: number; groups: number; status: string }> {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    // The recompute's own summary of the stored profiles (purchase days, docs/decisions/0205).
    const timeZone = await shopTimeZone(client, shop);
    await createSummary(client, { shop, asOf: at.toISOString(), timeZone, full: false });
    let started = performance.now();
    const groups = await readGroups(client);
    const monetary = await readMonetary(client, defaultRecomputeOptions.clv.maxMonetary);
    const readMs = performance.now() - started;
    started = performance.now();
    const result = fitClv(groups, monetary, defaultClvFitOptions);
    return { readMs, fitMs: performance.now() - started, groups: groups.x.length, status: result.status };
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

/** A digest of every intelligence row of the shop (computedAt and recordedAt left out). */
async function digest(pool: pg.Pool, shop: string): Promise<string> {
  const { rows } = await pool.query<{ d: string }>(
    `SELECT md5(
       (SELECT string_agg((to_jsonb(p) - 'computedAt')::text, '' ORDER BY "customerId") FROM "CustomerProfile" p WHERE shop = $1) ||
       (SELECT string_agg((to_jsonb(m) - 'recordedAt')::text, '' ORDER BY "customerId", kind, threshold) FROM "CustomerMilestone" m WHERE shop = $1)) AS d`,
    [shop],
  );
  return rows[0].d;
}

const server = await benchServer();
const figures: Record<string, unknown> = {};
try {
  for (const customers of sizes) {
    const label = customers >= 1_000_000 ? `${customers / 1_000_000}M` : `${customers / 1000}k`;
    const shop = `bench-${label}.myshopify.com`;
    const run = `rapport_bench_metrics_${label.toLowerCase()}`;
    const started = performance.now();
    const store = await benchStore(server, run, { shop, customers, asOf, seed: 42 });
    const figure: Record<string, unknown> = {
      customers,
      orders: store.counts.orders,
      lineItems: store.counts.lineItems,
      populateSeconds: store.counts.populateSeconds,
    };
    figures[label] = figure;
    say(
      `${label}: ${customers} customers, ${store.counts.orders} orders, ${store.counts.lineItems} line items; ready in ${seconds(performance.now() - started)} s (populated ${store.counts.populateSeconds} s) load ${load()}`,
    );
    let db = createDb(store.url, { max: 4 });
    const recompute = async (now: Date, full = false, on: Db = db): Promise<RecomputeResult> => {
      const begin = performance.now();
      const result = await recomputeShop({ db: on, now: () => now, log: memoryLogger() }, shop, {
        ...defaultRecomputeOptions,
        full,
      });
      const total = seconds(performance.now() - begin);
      say(
        `${label}: ${result.mode} recompute ${total} s (${result.dirty} dirty) ${JSON.stringify(result.timings)} clv=${result.clv.status} load ${load()}`,
      );
      return Object.assign(result, { seconds: total });
    };
    try {
      const first = (await recompute(asOf)) as RecomputeResult & { seconds: number };
      Object.assign(figure, {
        firstSeconds: first.seconds,
        firstTimingsMs: first.timings,
        firstLoad: load(),
        clvStatus: first.clv.status,
      });
      const fit = await timeFit(db, shop, asOf);
      say(
        `${label}: fit ${seconds(fit.fitMs)} s on ${fit.groups} groups (read ${seconds(fit.readMs)} s) ${fit.status} load ${load()}`,
      );
      Object.assign(figure, {
        fitSeconds: seconds(fit.fitMs),
        fitReadSeconds: seconds(fit.readMs),
        fitGroups: fit.groups,
        fitStatus: fit.status,
        fitLoad: load(),
      });
      const refresh = await timeRefresh(db, shop, customers, 200, new Date(asOf.getTime() + 12 * 3_600_000), 0);
      say(
        `${label}: refresh one customer p50 ${refresh.p50} ms p99 ${refresh.p99} ms max ${refresh.max} ms load ${load()}`,
      );
      Object.assign(figure, {
        refreshP50Ms: refresh.p50,
        refreshP99Ms: refresh.p99,
        refreshMaxMs: refresh.max,
        refreshLoad: load(),
      });
      const day = await simulateDay(db.pool, shop, customers, asOf);
      const daily = (await recompute(new Date(asOf.getTime() + DAY))) as RecomputeResult & { seconds: number };
      Object.assign(figure, {
        day,
        dailySeconds: daily.seconds,
        dailyDirty: daily.dirty,
        dailyTimingsMs: daily.timings,
        dailyLoad: load(),
      });
      say(JSON.stringify(figures));
      if (process.env.BENCH_VERIFY ? process.env.BENCH_VERIFY === "1" : customers <= 100_000) {
        // On a copy: the full rebuild's writes (and their autovacuum) stay out of the store whose
        // refresh is measured next.
        const incremental = await digest(db.pool, shop);
        await db.close();
        const copy = `${run}_verify`;
        const verify = createDb(await cloneDatabase(server, run, copy), { max: 2 });
        try {
          await recompute(new Date(asOf.getTime() + DAY), true, verify);
          const same = (await digest(verify.pool, shop)) === incremental;
          say(`${label}: daily incremental result ${same ? "equals" : "DIFFERS FROM"} a full rebuild`);
          Object.assign(figure, { dailyEqualsFullRebuild: same });
        } finally {
          await verify.close();
          await dropBenchDatabase(server, copy);
        }
        db = createDb(store.url, { max: 4 });
      }
      // The same refresh later in the store's life, once the first run's writes have settled
      // (right after it, autovacuum and the checkpoint of its GBs of WAL share the machine).
      const settled = await timeRefresh(
        db,
        shop,
        customers,
        200,
        new Date(asOf.getTime() + DAY + 12 * 3_600_000),
        1000,
      );
      say(
        `${label}: refresh one customer, after the daily run: p50 ${settled.p50} ms p99 ${settled.p99} ms max ${settled.max} ms load ${load()}`,
      );
      Object.assign(figure, {
        refreshLaterP50Ms: settled.p50,
        refreshLaterP99Ms: settled.p99,
        refreshLaterMaxMs: settled.max,
        refreshLaterLoad: load(),
      });
    } finally {
      await db.close();
      await dropBenchDatabase(server, run);
    }
    say(JSON.stringify(figures));
  }
} finally {
  await server.stop();
}
say(JSON.stringify(figures));
