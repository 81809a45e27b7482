// npm run bench:ingest — ingestion at scale against the simulator (in its own process, so its
// memory is not ours):
//  1. orders bulk file of a BENCH_CUSTOMERS-customer store (default 100k, ~500k orders):
//     parse-only reference (download + lines + JSON.parse), then the real ingest (same stream
//     through assembly, mapping, COPY and upserts) — orders/s, rows/s, peak RSS of each;
//  2. the full backfill (products, customers, orders, return details) when BENCH_FULL=1;
//  3. webhook ack latency: BENCH_WEBHOOK_RPS (1,000) signed requests/s for BENCH_WEBHOOK_SECONDS
//     (5) to the production server (BENCH_WEB_PROCESSES web processes) with the real
//     graphile-worker queue; then every delivery is checked to be recorded and queued
//     (scripts/bench/webhook-burst.ts).
// Embedded PostgreSQL unless DATABASE_URL is set. BENCH_WEBHOOK_SECONDS=0 skips the burst. The
// bulk ingest runs under production's heap setting (RAPPORT_HEAP_MB; ./production-heap). Last line:
// one JSON object.
import { heapSetting } from "./production-heap";
import { createDb } from "~/db.server";
import { pollBulk, startBulk } from "~/ingest/bulk.server";
import { ingestBulkFile } from "~/ingest/bulk-ingest.server";
import { readLineBatches } from "~/ingest/rules/jsonl";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { memoryLogger } from "~/logger.server";
import { createAdminClient, createAdminFactory } from "~/shopify/admin-client.server";
import type { AppContext } from "~/runtime/app-context.server";
import { benchDatabase } from "./database";
import { installSimShop, SIM_SHOP, SIM_TOKEN, simulatorProcess } from "./sim-process";
import { webhookBurst } from "./webhook-burst";

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const rps = Number(process.env.BENCH_WEBHOOK_RPS ?? 1000);
const burstSeconds = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 5);
const full = process.env.BENCH_FULL === "1";
const skipBulk = process.env.BENCH_SKIP_BULK === "1";
const webProcesses = Number(process.env.BENCH_WEB_PROCESSES ?? 1);
const say = (line: string) => process.stdout.write(`${line}\n`);
const SHOP = SIM_SHOP;

const database = () => benchDatabase("rapport_bench_ingest");

/** Peak RSS (MB) of this process while `run` runs, sampled every 20 ms. */
async function measured<T>(run: () => Promise<T>): Promise<{ result: T; ms: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await run();
    return {
      result,
      ms: performance.now() - started,
      peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6),
    };
  } finally {
    clearInterval(timer);
  }
}

const db = await database();
const sim = await simulatorProcess({ customers, seed: 1, plan: "enterprise" });
const app = createDb(db.url, { max: 20 });
try {
  await installSimShop(app);
  const admin = createAdminClient({ shop: SHOP, accessToken: SIM_TOKEN, apiVersion: "2026-07", endpoint: sim.origin });

  let burst: Awaited<ReturnType<typeof webhookBurst>> | null = null;
  if (burstSeconds > 0) {
    say(
      `webhook burst through the production server: ${rps}/s for ${burstSeconds} s, ${webProcesses} web process(es)…`,
    );
    burst = await webhookBurst({ databaseUrl: db.url, shop: SHOP, rps, seconds: burstSeconds, webProcesses, say });
    say(
      `  ack latency p50 ${burst.p50Ms} ms, p99 ${burst.p99Ms} ms, max ${burst.maxMs} ms; recorded ${burst.recorded}, queued ${burst.queued}, lost ${burst.lost}, failed ${burst.failed}; CPU per request: app ${burst.appCpuMsPerRequest} ms, PostgreSQL ${burst.postgresCpuMsPerRequest ?? "?"} ms, sender ${burst.senderCpuMsPerRequest} ms`,
    );
  }

  let bulk: {
    orders: number;
    lines: number;
    stored: number;
    parse: { ms: number; peakRssMb: number };
    ingest: { ms: number; peakRssMb: number; written: number };
  } | null = null;
  let fullBackfill: { ms: number; peakRssMb: number } | null = null;
  if (!skipBulk) {
    say(`bulk export of orders for ${customers} customers…`);
    const exportStarted = performance.now();
    const started = await startBulk(admin, "orders");
    if (!("started" in started)) throw new Error(started.busy);
    let op = await pollBulk(admin, started.started.id);
    while (op && op.status !== "COMPLETED") {
      if (op.status === "FAILED") throw new Error(`bulk export failed: ${op.errorCode}`);
      await new Promise((r) => setTimeout(r, 250));
      op = await pollBulk(admin, started.started.id);
    }
    const url = op!.url!;
    const orders = Number(op!.rootObjectCount);
    const lines = Number(op!.objectCount);
    say(
      `  simulator export: ${orders} orders, ${lines} lines, ${Math.round(Number(op!.fileSize) / 1e6)} MB in ${Math.round(performance.now() - exportStarted) / 1000} s`,
    );

    const parse = await measured(async () => {
      const response = await fetch(url);
      let n = 0;
      for await (const lines of readLineBatches(response.body!)) {
        for (const line of lines) JSON.parse(line);
        n += lines.length;
      }
      return n;
    });
    say(`  parse only: ${parse.result} lines in ${Math.round(parse.ms) / 1000} s, peak RSS ${parse.peakRssMb} MB`);

    const ingest = await measured(() =>
      ingestBulkFile({
        pool: app.pool,
        shop: SHOP,
        resource: "orders",
        url,
        skipLines: 0,
        snapshotAt: new Date(),
        checkpoint: async () => undefined,
      }),
    );
    const ordersPerSecond = Math.round(orders / (ingest.ms / 1000));
    const rowsPerSecond = Math.round(ingest.result.written / (ingest.ms / 1000));
    say(
      `  ingest: ${ingest.result.written} rows in ${Math.round(ingest.ms) / 1000} s = ${ordersPerSecond} orders/s, ${rowsPerSecond} rows/s, peak RSS ${ingest.peakRssMb} MB`,
    );
    const stored = Number((await app.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Order"`)).rows[0].n);

    if (full) {
      await app.pool.query(`TRUNCATE "Order", "LineItem", "Refund", "Return", "ReturnLineItem"`);
      const ctx: AppContext = {
        db: app,
        admin: createAdminFactory(app, { endpoint: sim.origin }),
        queue: { enqueue: async () => undefined },
        now: () => new Date(),
        log: memoryLogger(),
      };
      const run = await measured(async () => {
        const runId = await backfillRunFor(ctx, SHOP);
        while ((await runBackfill(ctx, SHOP, runId)) !== "done") await new Promise((r) => setTimeout(r, 100));
      });
      fullBackfill = { ms: Math.round(run.ms), peakRssMb: run.peakRssMb };
      say(`  full backfill (all phases): ${Math.round(run.ms) / 1000} s, peak RSS ${run.peakRssMb} MB`);
    }

    bulk = {
      orders,
      lines,
      stored,
      parse: { ms: parse.ms, peakRssMb: parse.peakRssMb },
      ingest: { ms: ingest.ms, peakRssMb: ingest.peakRssMb, written: ingest.result.written },
    };
  }
  const result = {
    bench: "ingest",
    customers,
    orders: bulk?.orders ?? null,
    lines: bulk?.lines ?? null,
    storedOrders: bulk?.stored ?? null,
    parseOnlyMs: bulk ? Math.round(bulk.parse.ms) : null,
    ingestMs: bulk ? Math.round(bulk.ingest.ms) : null,
    ingestOverParse: bulk ? Math.round((bulk.ingest.ms / bulk.parse.ms) * 100) / 100 : null,
    ordersPerSecond: bulk ? Math.round(bulk.orders / (bulk.ingest.ms / 1000)) : null,
    rowsWritten: bulk?.ingest.written ?? null,
    rowsPerSecond: bulk ? Math.round(bulk.ingest.written / (bulk.ingest.ms / 1000)) : null,
    peakRssMbParse: bulk?.parse.peakRssMb ?? null,
    peakRssMbIngest: bulk?.ingest.peakRssMb ?? null,
    fullBackfill,
    heap: heapSetting(),
    webhook: burst && { rps, seconds: burstSeconds, webProcesses, ...burst },
  };
  say(JSON.stringify(result));
} finally {
  await app.close();
  sim.child.kill("SIGTERM");
  await db.stop();
}
