// "Counted order" is one rule (app/profile/rules/counted-order.ts, decision 0165): a cancelled
// order and a test order must be left out alike by the profile recompute and refresh (counts,
// spend, milestones, favourites), the customer page's purchases, the segment purchase stats (SQL
// and in memory) and attribution (SQL and in memory). Each check fails if its place diverges.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributeShop } from "~/attribution/attribution.server";
import { attributeOrders as attributeInMemory } from "~/attribution/rules/attribution";
import { memoryLogger } from "~/logger.server";
import { customerPurchases } from "~/profile/purchases.server";
import { defaultRecomputeOptions, recomputeShop } from "~/profile/recompute.server";
import { refreshCustomer } from "~/profile/refresh.server";
import { defaultMetricsConfig, type MetricsConfig } from "~/profile/rules/config";
import { isCountedOrder } from "~/profile/rules/counted-order";
import { loadCustomerFacts } from "~/segments/facts.server";
import { countMembers } from "~/segments/members.server";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { evaluateSegment, parseSegment } from "~/segments/rules";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { insertCampaigns, insertMessages } from "~tests/support/results-rows";
import { seedStore } from "~tests/support/segment-store";

const SHOP = "counted.myshopify.com";
const t0 = new Date("2026-06-01T12:00:00.000Z");
const at = (days: number) => new Date(t0.getTime() + days * 86_400_000);
const NOW = at(10);
// Had the cancelled or the test order counted: 2 orders (order_count 2), spend ≥ 150, and product
// 8 (two orders) the favourite over product 7 (one).
const config: MetricsConfig = {
  ...defaultMetricsConfig,
  milestones: { lifetimeSpend: ["150"], orderCount: [2], anniversaryYears: [1] },
};
const ORDERS = [
  { id: 11, customerId: 1, processedAt: at(1), totalPrice: "100", productIds: [7] },
  { id: 12, customerId: 1, processedAt: at(2), cancelledAt: at(3), totalPrice: "200", productIds: [8] },
  { id: 13, customerId: 1, processedAt: at(2), test: true, totalPrice: "300", productIds: [8] },
];

describe("a cancelled and a test order do not count, anywhere", () => {
  let db: TestDatabase;
  const deps = () => ({ db, now: () => NOW, log: memoryLogger() });

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedStore(db.pool, SHOP, { customers: [{ id: 1 }], orders: ORDERS });
    await insertCampaigns(db, SHOP, [{ id: "A" }]);
    await insertMessages(db, SHOP, [
      { id: "m1", campaignId: "A", customerId: 1n, status: "sent", scheduledFor: at(0), sentAt: at(0) },
    ]);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("in the pure predicate", () => {
    expect(isCountedOrder({ cancelled: false, test: false })).toBe(true);
    expect(isCountedOrder({ cancelled: true, test: false })).toBe(false);
    expect(isCountedOrder({ cancelledAt: at(3), test: false })).toBe(false);
    expect(isCountedOrder({ cancelledAt: null, test: true })).toBe(false);
  });

  it("in the profile recompute and the single-customer refresh", async () => {
    const profile = async () => {
      const row = await db.prisma.customerProfile.findUniqueOrThrow({
        where: { shop_customerId: { shop: SHOP, customerId: 1n } },
      });
      const milestones = await db.prisma.customerMilestone.findMany({ where: { shop: SHOP } });
      return {
        orders: row.orderCount,
        spend: row.netSpend.toString(),
        favourite: row.favouriteProductId,
        milestones: milestones.map((m) => m.kind),
      };
    };
    const expected = { orders: 1, spend: "100", favourite: 7n, milestones: [] };
    await recomputeShop(deps(), SHOP, { ...defaultRecomputeOptions, config, full: true });
    expect(await profile()).toEqual(expected);
    await refreshCustomer(deps(), SHOP, 1n, config);
    expect(await profile()).toEqual(expected);
  });

  it("in the customer page's purchases", async () => {
    const purchases = await customerPurchases(db.pool, SHOP, 1n, NOW);
    expect(purchases.products.map((p) => [p.id, p.ordersTotal])).toEqual([["7", 1]]);
  });

  it("in segment purchase stats (SQL) and the in-memory evaluator", async () => {
    await refreshPurchaseStats(db, SHOP);
    const affinity = (productId: string) => {
      const parsed = parseSegment({ type: "productAffinity", productId, minOrders: 1, withinDays: 30 });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return parsed.rule;
    };
    const facts = await loadCustomerFacts(db, SHOP, 1n, NOW);
    for (const [productId, members] of [
      ["7", 1],
      ["8", 0],
    ] as const) {
      const rule = affinity(productId);
      expect(await countMembers(db, SHOP, rule, NOW)).toBe(members);
      expect(evaluateSegment(rule, facts!, NOW)).toBe(members === 1);
    }
  });

  it("in attribution (SQL) and its in-memory reference", async () => {
    await attributeShop(db, SHOP);
    const rows = await db.prisma.conversion.findMany({ where: { shop: SHOP } });
    expect(rows.map((r) => r.orderId)).toEqual([11n]);
    const memory = attributeInMemory(
      [{ messageId: "m1", campaignId: "A", customerId: 1n, at: at(0), attributionDays: 7, heldOut: false }],
      ORDERS.map((o) => ({
        orderId: BigInt(o.id),
        customerId: 1n,
        processedAt: o.processedAt,
        cancelled: o.cancelledAt !== undefined,
        test: o.test === true,
        total: Number(o.totalPrice),
        refunded: 0,
      })),
    );
    expect(memory.map((c) => c.orderId)).toEqual([11n]);
  });
});
