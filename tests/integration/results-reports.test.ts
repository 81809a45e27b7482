import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "~/runtime/app-context.server";
import { PILLAR_REFERENCE_RANGES, REFERENCE_SOURCE_NOTE } from "~/attribution/rules/reference-ranges";
import { memoryLogger } from "~/logger.server";
import { campaignReport, campaignSummaries, pillarReports } from "~/attribution/reports.server";
import { resultsTasks } from "~/attribution/tasks.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import {
  insertCampaigns,
  insertMessages,
  insertOrders,
  type MessageRow,
  type OrderRow,
} from "~tests/support/results-rows";

const shop = "reports.myshopify.com";
// 23:30 UTC on 1 March is already 2 March in Auckland (UTC+13 in March).
const t0 = new Date("2026-03-01T23:30:00.000Z");
const at = (days: number) => new Date(t0.getTime() + days * 86_400_000);

describe("reports per campaign and per pillar", () => {
  let db: TestDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = {
      db,
      admin: async () => {
        throw new Error("results tasks do not call Shopify");
      },
      queue: { enqueue: async () => undefined },
      now: () => at(30),
      log: memoryLogger(),
    };
    await db.prisma.shop.create({ data: { domain: shop, ianaTimezone: "Pacific/Auckland" } });
    await insertCampaigns(db, shop, [
      { id: "L1", pillar: "loyalty", name: "VIP thanks" },
      { id: "L2", pillar: "loyalty", name: "10th order" },
      { id: "A1", pillar: "affinity", name: "Premium tee" },
    ]);
    const messages: MessageRow[] = [];
    const orders: OrderRow[] = [];
    // L1: 40 messaged (10 buy 100 each, one of them twice), 40 held out (4 buy 50 each); 2 failed.
    for (let i = 0; i < 40; i++) {
      messages.push({
        id: `l1m${i}`,
        campaignId: "L1",
        customerId: BigInt(i),
        status: "sent",
        scheduledFor: at(0),
        sentAt: at(0),
      });
      messages.push({
        id: `l1h${i}`,
        campaignId: "L1",
        customerId: BigInt(100 + i),
        status: "held_out",
        scheduledFor: at(0),
      });
      if (i < 10) orders.push({ id: BigInt(1000 + i), customerId: BigInt(i), processedAt: at(1), total: "100" });
      if (i < 4) orders.push({ id: BigInt(2000 + i), customerId: BigInt(100 + i), processedAt: at(2), total: "50" });
    }
    orders.push({ id: 3000n, customerId: 0n, processedAt: at(8), total: "30" });
    messages.push({
      id: "l1f1",
      campaignId: "L1",
      customerId: 500n,
      status: "failed",
      scheduledFor: at(0),
      reason: "THROTTLED x5",
    });
    messages.push({
      id: "l1f2",
      campaignId: "L1",
      customerId: 501n,
      status: "failed",
      scheduledFor: at(0),
      reason: "THROTTLED x5",
    });
    // L2: 2 messaged a week later; customer 0 buys again within L2's window.
    messages.push({ id: "l2m0", campaignId: "L2", customerId: 0n, status: "sent", scheduledFor: at(7), sentAt: at(7) });
    messages.push({ id: "l2m1", campaignId: "L2", customerId: 1n, status: "sent", scheduledFor: at(7), sentAt: at(7) });
    await insertMessages(db, shop, messages);
    await insertOrders(db, shop, orders);
    await resultsTasks["results.attribute"]({ shop }, ctx);
    await db.pool.query(
      `INSERT INTO "MessageClick" ("messageId", shop, "campaignId", "customerId", "clickedAt") VALUES ('l1m0', $1, 'L1', 0, $2), ('l1m1', $1, 'L1', 1, $2)`,
      [shop, at(0.5).toISOString()],
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it("gives a campaign's totals, rule, lift and daily series in the shop's timezone", async () => {
    const report = (await campaignReport({ db }, shop, "L1"))!;
    expect(report.campaign).toMatchObject({ id: "L1", name: "VIP thanks", pillar: "loyalty", attributionDays: 7 });
    expect(report.rule).toContain("at most 7 days later");
    expect(report.totals).toEqual({
      sent: 40,
      failed: 2,
      heldOut: 40,
      messagedCustomers: 40,
      clicked: 2,
      converted: 10,
      orders: 10,
      revenue: "1000.00",
      aov: "100.00",
      clickRate: 0.05,
      conversionRate: 0.25,
    });
    // 10/40 against 4/40; revenue 25.00 against 5.00 per customer.
    expect(report.lift.conversionRate).toMatchObject({
      status: "ok",
      messaged: 0.25,
      holdout: 0.1,
      difference: expect.closeTo(0.15, 10),
    });
    expect(report.lift.revenuePerCustomer).toEqual({
      status: "insufficient",
      reason: expect.stringContaining("holdout 4"),
    });
    expect(report.series).toEqual([
      { period: "2026-03-02", sent: 40, clicked: 0, converted: 0, revenue: "0.00" },
      { period: "2026-03-03", sent: 0, clicked: 2, converted: 10, revenue: "1000.00" },
    ]);
    const weekly = (await campaignReport({ db }, shop, "L1", { bucket: "week" }))!;
    expect(weekly.series).toEqual([{ period: "2026-03-02", sent: 40, clicked: 2, converted: 10, revenue: "1000.00" }]);
  });

  it("returns null for a campaign of another shop", async () => {
    expect(await campaignReport({ db }, "elsewhere.myshopify.com", "L1")).toBeNull();
  });

  it("pools each pillar's campaigns and shows every pillar's reference range", async () => {
    const pillars = await pillarReports({ db }, shop);
    expect(pillars.map((p) => p.pillar)).toEqual(["loyalty", "lifecycle", "affinity", "reengagement"]);
    const loyalty = pillars[0];
    expect(loyalty.campaigns).toBe(2);
    // Order 3000 (day 8) goes to L2's message to customer 0, sent on day 7. Totals count distinct
    // customers across the pillar (customer 0 once); the lift's unit is a campaign's customer (42).
    expect(loyalty.totals).toMatchObject({
      sent: 42,
      orders: 11,
      converted: 10,
      revenue: "1030.00",
      messagedCustomers: 40,
    });
    expect(loyalty.reference).toEqual({ kind: "rate", metric: "next-purchase conversion", low: 0.15, high: 0.28 });
    expect(loyalty.referenceSource).toBe(REFERENCE_SOURCE_NOTE);
    expect(loyalty.lift.messagedCustomers).toBe(42);
    const lifecycle = pillars[1];
    expect(lifecycle).toMatchObject({ campaigns: 0, reference: PILLAR_REFERENCE_RANGES.lifecycle, series: [] });
    expect(lifecycle.totals.conversionRate).toBeNull();
    expect(lifecycle.lift.conversionRate.status).toBe("insufficient");
    expect(pillars[3].reference).toMatchObject({ kind: "ctr_multiple", low: 2, high: 3 });
  });

  it("lists campaign summaries", async () => {
    const rows = await campaignSummaries({ db }, shop);
    expect(Object.fromEntries(rows.map((r) => [r.campaign.id, r.totals.orders]))).toEqual({ L1: 10, L2: 1, A1: 0 });
  });

  it("re-attributes one order from a task payload and rejects a malformed one", async () => {
    await insertOrders(db, shop, [{ id: 4000n, customerId: 5n, processedAt: at(3), total: "12.34" }]);
    await resultsTasks["results.attributeOrder"]({ shop, orderId: "4000" }, ctx);
    const row = await db.prisma.conversion.findUniqueOrThrow({ where: { shop_orderId: { shop, orderId: 4000n } } });
    expect(row).toMatchObject({ messageId: "l1m5", campaignId: "L1", revenue: expect.anything() });
    expect(row.revenue.toString()).toBe("12.34");
    await expect(resultsTasks["results.attributeOrder"]({ shop, orderId: "not-a-number" }, ctx)).rejects.toThrow();
    await expect(resultsTasks["results.attribute"]({}, ctx)).rejects.toThrow();
  });
});
