// npm run bench:first-insight -- --plan standard|advanced|plus|enterprise --customers N [--seed S] [--full]
//   [--no-worker]  (the recompute is not run: the return-details pass alone, no pillar marks)
// Time to first insight on a newly installed store (issue #19 §1): the backfill against the
// simulator (its own process, so its memory is not ours) with the profile recompute run in this
// process as the worker would, the merchant's product mappings seeded as the demo does. Reports
// the orders export time (the bulk query inside the run, next to products and customers), when
// Home shows three pillars and all four (sync.server.ts), and for the return-details pass the
// API points charged per return read and the share of the plan's rate budget used.
// Without --full it stops 60 s after all four pillars show (the pass's rate figures are then
// over the part it ran); --full waits for the whole pass. This process runs under production's heap
// setting (RAPPORT_HEAP_MB; ./production-heap), as a worker would. Last line: one JSON object.
import { heapSetting } from "./production-heap";
import { parseArgs } from "node:util";
import { createDb } from "~/db.server";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { parseState } from "~/ingest/rules/sync-state";
import { memoryLogger } from "~/logger.server";
import { createAdminFactory } from "~/shopify/admin-client.server";
import type { AppContext } from "~/runtime/app-context.server";
import type { TaskHandler } from "~/jobs/registry.server";
import { intelligenceTasks } from "~/profile/tasks.server";
import { segmentTasks } from "~/segments/tasks.server";
import { latestSync } from "~/web/screens/sync.server";
import { generateCatalog } from "~sim/generator/catalog";
import { DEFAULT_NOW } from "~sim/core";
import { benchDatabase } from "./database";
import { installSimShop, SIM_SHOP, simulatorProcess } from "./sim-process";

const { values } = parseArgs({
  options: {
    plan: { type: "string", default: "standard" },
    customers: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    full: { type: "boolean", default: false },
    "no-worker": { type: "boolean", default: false },
    "one-orders-query": { type: "boolean", default: false },
  },
});
const PLANS = ["standard", "advanced", "plus", "enterprise"];
if (!PLANS.includes(values.plan!)) throw new Error(`--plan must be one of ${PLANS.join(", ")}`);
const customers = Number(values.customers);
const seed = Number(values.seed);
if (!Number.isInteger(customers) || customers < 1 || customers > 2_000_000)
  throw new Error("--customers must be 1..2000000");
const SHOP = SIM_SHOP;
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Bucket {
  currentlyAvailable: number;
  restoreRate: number;
  spent: number;
}

const db = await benchDatabase("rapport_bench_first_insight");
say(`generating a ${customers}-customer store on the ${values.plan} plan…`);
const sim = await simulatorProcess({ customers, seed, plan: values.plan! });
const bucket = async (): Promise<Bucket> =>
  (await (await fetch(`${sim.origin}/_simulator/rate-limit`)).json()) as Bucket;
const app = createDb(db.url, { max: 20 });
// Peak RSS by phase: the exports (with the files that land meanwhile), the rest of the history's
// ingest, the first recompute until three pillars show, and after.
type Phase = "export" | "ingest" | "recompute" | "returns";
// At each phase's peak, what the RSS held: V8's heap (used of total) and memory outside it.
const peaks: Record<Phase, number> = { export: process.memoryUsage().rss, ingest: 0, recompute: 0, returns: 0 };
const atPeak: Partial<Record<Phase, Record<string, number>>> = {};
let phase: Phase = "export";
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss <= peaks[phase]) return;
  peaks[phase] = m.rss;
  const mb = (n: number) => Math.round(n / 1e6);
  atPeak[phase] = {
    heapUsed: mb(m.heapUsed),
    heapTotal: mb(m.heapTotal),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
  };
}, 20);
try {
  await installSimShop(app);
  const simNow = Date.parse(DEFAULT_NOW);
  for (const product of generateCatalog(seed, simNow)) {
    const relaunched = product.relaunchedAt !== null && product.relaunchedAt <= simNow;
    if (product.premiumProductId === null && !relaunched) continue;
    await app.prisma.productMapping.create({
      data: {
        shop: SHOP,
        productId: BigInt(product.id),
        premiumProductId: product.premiumProductId === null ? null : BigInt(product.premiumProductId),
        relaunchedAt: relaunched ? new Date(product.relaunchedAt!) : null,
      },
    });
  }
  // The worker's share of the work: jobs run one after another in the background, as one worker would.
  const workerTasks = new Map<string, TaskHandler>([
    ["intelligence.recomputeShop", intelligenceTasks["intelligence.recomputeShop"]],
    ["segments.refreshPurchaseStats", segmentTasks["segments.refreshPurchaseStats"]],
  ]);
  let jobs: Promise<void> = Promise.resolve();
  const log = memoryLogger();
  const ctx: AppContext = {
    db: app,
    admin: createAdminFactory(app, { endpoint: sim.origin }),
    queue: {
      enqueue: async (task, payload) => {
        const handler = values["no-worker"] ? undefined : workerTasks.get(task);
        if (handler)
          jobs = jobs.then(async () => {
            const t = performance.now();
            await handler(payload, ctx);
            say(`  ${task}: ${Math.round(performance.now() - t) / 1000} s`);
          });
      },
    },
    now: () => new Date(),
    log,
  };

  const started = performance.now();
  const at = () => Math.round(performance.now() - started);
  const marks: { exportMs?: number; historyMs?: number; threeMs?: number; fourMs?: number; doneMs?: number } = {};
  let pass: { ms: number; bucket: Bucket } | null = null;
  // When each part of the orders export was seen exported and ingested (decision 0219).
  const parts: { exportedMs: number | null; ingestedMs: number | null }[] = [];
  let passEnd: { ms: number; bucket: Bucket; read: number } | null = null;
  const runId = await backfillRunFor(ctx, SHOP);
  let finished = false;
  const backfill = (async () => {
    const options = values["one-orders-query"] ? { orderPartShares: [1] } : {};
    while ((await runBackfill(ctx, SHOP, runId, options)) !== "done") await new Promise((r) => setTimeout(r, 200));
    finished = true;
  })();
  // Stopped early, the simulator goes away under the running pass: that failure is expected.
  backfill.catch(() => undefined);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const run = await app.prisma.syncRun.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: runId } } });
    const state = parseState(run.state);
    for (const [i, part] of (state.orderParts ?? []).entries()) {
      const seen = (parts[i] ??= { exportedMs: null, ingestedMs: null });
      if (seen.exportedMs === null && (part.status === "COMPLETED" || part.done)) seen.exportedMs = at();
      if (seen.ingestedMs === null && part.done) seen.ingestedMs = at();
    }
    if (marks.exportMs === undefined && state.resources.orders.status === "COMPLETED") {
      marks.exportMs = at();
      phase = "ingest";
    }
    if (marks.historyMs === undefined && state.historyAt) {
      marks.historyMs = at();
      phase = "recompute";
      say(`  history in at ${marks.historyMs / 1000} s`);
    }
    if (!pass && state.returns.asOf) pass = { ms: at(), bucket: await bucket() };
    const status = await latestSync(ctx, SHOP);
    if (marks.threeMs === undefined && status && status.insight.pillars !== "none") {
      marks.threeMs = at();
      phase = "returns";
      say(`  orders export ${(marks.exportMs ?? 0) / 1000} s, three pillars at ${marks.threeMs / 1000} s`);
    }
    if (marks.fourMs === undefined && status?.insight.pillars === "four") {
      marks.fourMs = at();
      say(`  all four pillars at ${marks.fourMs / 1000} s`);
    }
    const stopNow = finished || (!values.full && marks.fourMs !== undefined && at() - marks.fourMs >= 60_000);
    if (stopNow) {
      passEnd = pass ? { ms: at(), bucket: await bucket(), read: state.returns.read } : null;
      if (finished) marks.doneMs = at();
      say(`  stopping at ${at() / 1000} s (${state.returns.read} of ${state.returns.total} returns read)`);
      break;
    }
  }
  if (!finished) {
    // The rest of the pass is not measured: let the process end without waiting for it.
    clearInterval(sampler);
  } else {
    await backfill;
  }
  await jobs;
  const seconds = pass && passEnd ? (passEnd.ms - pass.ms) / 1000 : 0;
  const spent = pass && passEnd ? passEnd.bucket.spent - pass.bucket.spent : 0;
  // Points that came out of the bucket's stock rather than its refill are not "budget used".
  const stock = pass && passEnd ? Math.max(0, pass.bucket.currentlyAvailable - passEnd.bucket.currentlyAvailable) : 0;
  const budget = pass ? pass.bucket.restoreRate * seconds : 0;
  const exportMs = marks.exportMs ?? null;
  const result = {
    bench: "first-insight",
    plan: values.plan,
    customers,
    ordersExportMs: exportMs,
    threePillarsMs: marks.threeMs ?? null,
    threePillarsOverExport: exportMs && marks.threeMs ? Math.round((marks.threeMs / exportMs) * 100) / 100 : null,
    orderParts: parts,
    historyInMs: marks.historyMs ?? null,
    allFourPillarsMs: marks.fourMs ?? null,
    backfillDoneMs: marks.doneMs ?? null,
    returns: {
      total: parseState(
        (await app.prisma.syncRun.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: runId } } })).state,
      ).returns.total,
      read: passEnd?.read ?? 0,
    },
    returnsPassSecondsMeasured: Math.round(seconds * 10) / 10,
    pointsPerReturn: passEnd?.read ? Math.round((spent / passEnd.read) * 100) / 100 : null,
    rateBudgetShare: budget > 0 ? Math.round(((spent - stock) / budget) * 1000) / 1000 : null,
    heap: heapSetting(),
    peakRssMb: Math.round(Math.max(...Object.values(peaks), process.memoryUsage().rss) / 1e6),
    peakRssMbByPhase: Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v / 1e6)])),
    memoryAtPeakMb: atPeak,
  };
  say(JSON.stringify(result));
  if (!finished) {
    sim.child.kill("SIGTERM");
    await db.stop().catch(() => undefined);
    process.exit(0);
  }
} finally {
  clearInterval(sampler);
  await app.close().catch(() => undefined);
  sim.child.kill("SIGTERM");
  await db.stop().catch(() => undefined);
}
