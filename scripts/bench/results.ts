// Results at scale (run: npx tsx scripts/bench/results.ts; no npm script is declared for it):
// BENCH_CUSTOMERS customers (default 200k) with ~5 orders each over a year, and four campaigns
// messaging half of them (10% held out). Times the full attribution rebuild, one-order
// re-attribution, the campaign and pillar reports (lift SQL included), the CSV export of the
// largest campaign and click handling. Embedded PostgreSQL unless DATABASE_URL is set.
// Last line: one JSON object.
import { createDb } from "~/db.server";
import { memoryLogger } from "~/logger.server";
import { attributeOrders, attributeShop } from "~/attribution/attribution.server";
import { signClickToken } from "~/delivery/click-token.server";
import { handleClick } from "~/delivery/clicks.server";
import { exportCampaignCsv } from "~/attribution/export.server";
import { campaignReport, pillarReports } from "~/attribution/reports.server";
import { benchDatabase } from "./database";

const customers = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const SHOP = "bench.myshopify.com";
const say = (line: string) => process.stdout.write(`${line}\n`);

const database = () => benchDatabase("rapport_bench_results");

async function timed<T>(label: string, work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  const ms = Math.round(performance.now() - start);
  say(`${label}: ${ms} ms`);
  return { ms, value };
}

const { url, stop } = await database();
const db = createDb(url, { max: 4 });
try {
  const t0 = "2026-01-01 00:00:00";
  await db.pool.query(`INSERT INTO "Shop" (domain, "ianaTimezone", "updatedAt") VALUES ($1, 'Europe/Paris', now())`, [
    SHOP,
  ]);
  await db.pool.query(
    `INSERT INTO "Customer" (shop, id, email, "firstName", "lastName", "createdAt", "updatedAt")
     SELECT $1, g, 'c' || g || '@example.com', 'First' || g, 'Last', now(), now() FROM generate_series(1, $2) g`,
    [SHOP, customers],
  );
  // ~5 orders per customer spread over 365 days, some refunded, cancelled or test.
  await db.pool.query(
    `INSERT INTO "Order" (shop, id, name, "customerId", "processedAt", "createdAt", "updatedAt", "cancelledAt", test, "currencyCode", "subtotalPrice", "totalPrice", "totalRefunded")
     SELECT $1, g, '#' || g, 1 + (g * 7919) % $2, ts, ts, ts, CASE WHEN g % 67 = 0 THEN ts END, g % 331 = 0, 'USD', v, v, CASE WHEN g % 9 = 0 THEN round(v / 3, 2) ELSE 0 END
     FROM generate_series(1::bigint, $2::bigint * 5) g,
          LATERAL (SELECT $3::timestamp + ((g * 104729) % (365 * 86400)) * interval '1 second' AS ts, round(20 + ((g * 31337) % 20000) / 100.0, 2) AS v) x`,
    [SHOP, customers, t0],
  );
  const orderCount = Number((await db.pool.query(`SELECT count(*) AS n FROM "Order"`)).rows[0].n);
  if (orderCount === 0) throw new Error("order generation failed");
  await db.pool.query(
    `INSERT INTO "Campaign" (id, shop, name, pillar, definition, trigger, subject, body, "updatedAt")
     VALUES ('loyalty', $1, 'VIP', 'loyalty', '{}', '{}', 's', 'b', now()), ('lifecycle', $1, 'Check-in', 'lifecycle', '{}', '{}', 's', 'b', now()),
            ('affinity', $1, 'Premium', 'affinity', '{}', '{}', 's', 'b', now()), ('reengagement', $1, 'Relaunch', 'reengagement', '{}', '{}', 's', 'b', now())`,
    [SHOP],
  );
  // Half the customers get one message from one campaign (loyalty the largest), 10% held out.
  await db.pool.query(
    `INSERT INTO "Message" (id, shop, "campaignId", "customerId", "triggerKey", status, "scheduledFor", "sentAt", "updatedAt")
     SELECT 'm' || g, $1, (ARRAY['loyalty','loyalty','lifecycle','affinity','reengagement'])[1 + g % 5], g, 'k',
            CASE WHEN (g / 2) % 10 = 0 THEN 'held_out' ELSE 'sent' END, at, CASE WHEN (g / 2) % 10 = 0 THEN NULL ELSE at END, now()
     FROM generate_series(1::bigint, $2::bigint, 2) g, LATERAL (SELECT $3::timestamp + (g % 300) * interval '1 day' AS at) x`,
    [SHOP, customers, t0],
  );
  await db.pool.query(`ANALYZE`);
  const messages = Number((await db.pool.query(`SELECT count(*) AS n FROM "Message"`)).rows[0].n);
  say(`data: ${customers} customers, ${orderCount} orders, ${messages} messages`);

  const full = await timed("attributeShop (full rebuild)", () => attributeShop(db, SHOP));
  const again = await timed("attributeShop (second run, idempotent)", () => attributeShop(db, SHOP));
  const singles = await timed("attributeOrders x200 (one order each)", async () => {
    for (let i = 1; i <= 200; i++) await attributeOrders(db, SHOP, [BigInt(i * 97)]);
  });
  // Prisma's first query loads its query compiler; keep that out of the report timings.
  await db.prisma.shop.findMany();
  if (process.env.BENCH_PROFILE === "1") {
    const { liftSummaryStatement } = await import("~/attribution/lift.server");
    const { totalsStatement } = await import("~/attribution/reports.server");
    const totals = totalsStatement({ shop: SHOP, ids: ["loyalty"], key: "id" });
    for (const [label, statement] of [
      ["lift", liftSummaryStatement({ shop: SHOP, campaignIds: ["loyalty"], key: "campaignId" })],
      ["totals", totals],
    ] as const) {
      const plan = await db.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
      say(`-- ${label}\n${plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n")}`);
    }
    const { armSummaries } = await import("~/attribution/lift.server");
    const { timeSeries } = await import("~/attribution/series.server");
    await timed("  campaign row (Prisma)", () =>
      db.prisma.campaign.findFirst({ where: { shop: SHOP, id: "loyalty" } }),
    );
    await timed("  totals", () => db.pool.query(totals.text, totals.values));
    await timed("  lift", () => armSummaries(db, SHOP, ["loyalty"], "campaignId"));
    await timed("  series", () => timeSeries(db, SHOP, ["loyalty"], "day", "Europe/Paris"));
  }
  const report = await timed("campaignReport(loyalty)", () => campaignReport({ db }, SHOP, "loyalty"));
  const pillars = await timed("pillarReports", () => pillarReports({ db }, SHOP));
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let rows = 0;
  const csv = await timed("exportCampaignCsv(loyalty)", async () => {
    for await (const chunk of exportCampaignCsv({ db }, SHOP, "loyalty")) {
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) rows += 1;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  });
  const ctx = { db, now: () => new Date(), log: memoryLogger(), appSecret: "bench" };
  const tokens = Array.from({ length: 2000 }, (_, i) =>
    signClickToken("bench", `m${2 * i + 1}`, "https://example.com/p"),
  );
  const clicks = await timed("handleClick x2000 (sequential)", async () => {
    // A browser's click (the link-scanner rules run on each, decision 0176).
    const browser = {
      method: "GET",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    };
    for (const token of tokens) await handleClick(ctx, { token, ...browser });
  });
  const figures = {
    customers,
    orders: orderCount,
    messages,
    attributed: full.value,
    attributeShopMs: full.ms,
    attributeShopRepeatMs: again.ms,
    attributeOneOrderMs: Math.round((singles.ms / 200) * 100) / 100,
    campaignReportMs: report.ms,
    campaignLiftStatus: report.value?.lift.conversionRate.status,
    pillarReportsMs: pillars.ms,
    csvRows: rows - 1,
    csvMs: csv.ms,
    csvRowsPerSecond: Math.round(((rows - 1) / csv.ms) * 1000),
    csvPeakRssGrowthMb: Math.round((peakRss - rssBefore) / 1e6),
    clicksPerSecond: Math.round((2000 / clicks.ms) * 1000),
  };
  say(JSON.stringify(figures));
} finally {
  await db.close();
  await stop();
}
