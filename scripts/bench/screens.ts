// `npm run bench:screens`: each screen's server time (its loader's view model, the database work a
// merchant waits for) on a synthetic store of BENCH_CUSTOMERS customers (default 100,000), after a
// full recompute, with a saved segment and a draft campaign per pillar. Issue #18 target: p95 ≤
// 300 ms per screen. Prints one JSON object as its last line.
import os from "node:os";
import { createFromPillar } from "~/campaigns/service.server";
import { createDb } from "~/db.server";
import { memoryLogger } from "~/logger.server";
import { defaultRecomputeOptions, recomputeShop } from "~/profile/recompute.server";
import type { AppContext } from "~/runtime/app-context.server";
import { createSegment } from "~/segments/saved.server";
import { PILLARS, pillarSegment } from "~/segments/rules/pillars";
import { campaignEditor, campaignsList } from "~/web/screens/campaigns.server";
import { customerDetail } from "~/web/screens/customer.server";
import { TOTAL_TTL_MS } from "~/web/screens/customer-total.server";
import { listCustomers } from "~/web/screens/customers.server";
import { homeView } from "~/web/screens/home.server";
import { reportsView } from "~/web/screens/reports.server";
import { previewSegment, segmentsList } from "~/web/screens/segments.server";
import { settingsView } from "~/web/screens/settings.server";
import { recordingQueue } from "~tests/support/ingest";
import { benchServer, benchStore, dropBenchDatabase } from "./metrics-store";

// Screens that read the operator email settings read the environment: run as the test mode does.
process.env.RAPPORT_MODE ??= "test";

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const asOf = new Date("2026-06-01T00:00:00Z");
const shop = `bench-screens-${customers}.myshopify.com`;
const say = (line: string) => process.stderr.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const server = await benchServer();
const name = `rapport_bench_screens_${customers}`;
const store = await benchStore(server, name, { shop, customers, asOf, seed: 42 });
const db = createDb(store.url, { max: 4 });
const ctx: AppContext = {
  db,
  queue: recordingQueue(),
  now: () => asOf,
  log: memoryLogger(),
  admin: () => Promise.reject(new Error("the screens benchmark does not call Shopify")),
};
const figures: Record<string, { p50: number; p95: number; max: number }> = {};
try {
  await db.prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
  const started = performance.now();
  await recomputeShop(ctx, shop, { ...defaultRecomputeOptions, full: true });
  say(`recompute ${((performance.now() - started) / 1000).toFixed(1)} s, load ${load()}`);
  for (const pillar of PILLARS) {
    await createSegment(db, shop, {
      name: `${pillar.title} (bench)`,
      pillar: pillar.id,
      definition: pillarSegment(pillar.id),
    });
    await createFromPillar(db, shop, pillar.id);
  }
  const campaign = (await campaignsList(ctx, shop))[0];
  const someCustomer = await db.pool.query<{ id: string }>(
    `SELECT "customerId"::text AS id FROM "CustomerProfile" WHERE shop = $1 AND "orderCount" > 3 ORDER BY "customerId" LIMIT 1`,
    [shop],
  );
  // A cursor 20 pages into the list: a later page costs what the first does (keyset, decision 0203).
  let deep = await listCustomers(ctx, shop, {});
  for (let i = 0; i < 20 && deep.nextCursor; i++) deep = await listCustomers(ctx, shop, { after: deep.nextCursor });
  // The list's last page: after the oldest customer with an order come those without one (here none),
  // read by an anti-join over every customer (decision 0203).
  const oldest = await db.pool.query<{ ms: string; id: string }>(
    `SELECT (extract(epoch FROM "lastOrderAt") * 1000)::int8::text AS ms, "customerId"::text AS id FROM "CustomerProfile"
      WHERE shop = $1 AND "lastOrderAt" IS NOT NULL ORDER BY "lastOrderAt", "customerId" LIMIT 1`,
    [shop],
  );
  const lastCursor = `${oldest.rows[0].ms}.${oldest.rows[0].id}.${customers}`;
  let ticks = 0;
  const screens: Record<string, () => Promise<unknown>> = {
    home: () => homeView(ctx, shop),
    customers: () => listCustomers(ctx, shop, {}),
    customersPage21: () => listCustomers(ctx, shop, { after: deep.nextCursor }),
    customersLastPage: () => listCustomers(ctx, shop, { after: lastCursor }),
    // The first load after the cached store total expired (once a minute per shop and process).
    customersUncached: () =>
      listCustomers({ ...ctx, now: () => new Date(asOf.getTime() + ++ticks * TOTAL_TTL_MS) }, shop, {}),
    // The synthetic customers have no names and emails c<id>@example.com: "smith" matches nobody,
    // "c100000" ten customers, "example.com" everyone.
    customersSearch: () => listCustomers(ctx, shop, { query: "smith" }),
    customersSearchFew: () => listCustomers(ctx, shop, { query: "c100000" }),
    customersSearchAll: () => listCustomers(ctx, shop, { query: "example.com" }),
    customer: () => customerDetail(ctx, shop, someCustomer.rows[0].id),
    segments: () => segmentsList(ctx, shop),
    segmentPreview: () => previewSegment(ctx, shop, pillarSegment("loyalty"), { name: "VIP", pillar: "loyalty" }),
    campaigns: () => campaignsList(ctx, shop),
    campaignEditor: () => campaignEditor(ctx, shop, campaign.id),
    reports: () => reportsView(ctx, shop, { campaignId: null, bucket: null }),
    settings: () => settingsView(ctx, shop),
  };
  // BENCH_SCREENS=home,reports measures only those screens (a shorter run while working on them).
  const only = process.env.BENCH_SCREENS?.split(",").map((s) => s.trim());
  for (const [screen, load_] of Object.entries(screens).filter(([s]) => !only || only.includes(s))) {
    await load_();
    await load_();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const begin = performance.now();
      await load_();
      times.push(performance.now() - begin);
    }
    times.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    figures[screen] = {
      p50: round(quantile(times, 0.5)),
      p95: round(quantile(times, 0.95)),
      max: round(times[times.length - 1]),
    };
    say(`${screen}: p50 ${figures[screen].p50} ms, p95 ${figures[screen].p95} ms (load ${load()})`);
  }
} finally {
  await db.close();
  await dropBenchDatabase(server, name);
  await server.stop();
}
const over = Object.entries(figures)
  .filter(([, f]) => f.p95 > 300)
  .map(([screen]) => screen);
process.stdout.write(
  `${JSON.stringify({ customers, runs, targetP95Ms: 300, over, loadAverage: os.loadavg()[0], screens: figures })}\n`,
);
