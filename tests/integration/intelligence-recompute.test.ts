import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "~/runtime/app-context.server";
import { intelligenceTasks } from "~/profile/tasks.server";
import { memoryLogger } from "~/logger.server";
import type { AdminFactory } from "~/shopify/admin";
import { quintileScores } from "~/profile/rules/rfm";
import { recomputeShop, type RecomputeResult } from "~/profile/recompute.server";
import { customerPurchases } from "~/profile/purchases.server";
import { refreshCustomer } from "~/profile/refresh.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { snapshot } from "~tests/support/intelligence-snapshot";
import { StoreBuilder } from "~tests/support/store-builder";

const SHOP = "small.myshopify.com";
const asOf = new Date("2026-06-01T12:00:00Z");
const d = (date: string) => new Date(`${date}T12:00:00Z`);
const AWKWARD_TYPE = 'Sh\toes \\ "boots"\nnew';

function smallStore(): StoreBuilder {
  const loyalDates = [
    "2024-05-20",
    "2024-08-10",
    "2024-11-02",
    "2025-01-15",
    "2025-03-30",
    "2025-06-12",
    "2025-09-01",
    "2025-11-20",
    "2026-02-14",
    "2026-05-10",
  ];
  return (
    new StoreBuilder(SHOP)
      .product({ id: 1, productType: "Coffee", variants: [{ id: 11, size: null }] })
      .product({
        id: 2,
        productType: "Shirts",
        variants: [
          { id: 21, size: "M" },
          { id: 22, size: "L" },
        ],
      })
      // A product type that COPY text must escape (tab, backslash, newline) on its way through the favourites stream.
      .product({ id: 3, productType: AWKWARD_TYPE, variants: [{ id: 31, size: "42" }] })
      .customer({
        id: 1,
        email: "SUBSCRIBED",
        orders: loyalDates.map((date, i) => ({
          at: d(date),
          total: "600.00",
          refunded: i === 2 ? "100.00" : undefined,
          lines: [{ product: 2, variant: 21 }],
        })),
      })
      .customer({
        id: 2,
        sms: "SUBSCRIBED",
        orders: [{ at: d("2026-05-27"), total: "45.50", lines: [{ product: 1 }] }],
      })
      .customer({
        id: 3,
        orders: [
          { at: d("2025-12-01"), total: "80" },
          { at: d("2026-02-20"), total: "120" },
        ],
      })
      .customer({
        id: 4,
        orders: [
          { at: d("2024-03-01"), total: "30" },
          { at: d("2024-06-01"), total: "30" },
          { at: d("2025-05-01"), total: "30" },
        ],
      })
      .customer({
        id: 5,
        orders: [
          { at: d("2026-04-01"), total: "3000", lines: [{ product: 3 }] },
          { at: d("2026-05-01"), total: "2500", refunded: "500", lines: [{ product: 2, variant: 22, quantity: 2 }] },
        ],
      })
      .customer({ id: 6, email: "SUBSCRIBED" })
      .customer({
        id: 7,
        orders: [
          { at: d("2026-01-01"), total: "99", cancelled: true, lines: [{ product: 3 }] },
          { at: d("2026-01-02"), total: "99", test: true, lines: [{ product: 3 }] },
        ],
      })
      .customer({
        id: 8,
        orders: ["2026-03-15", "2026-04-20", "2026-05-25"].map((date) => ({
          at: d(date),
          total: "50",
          lines: [{ product: 2, variant: 21 }],
        })),
        returns: [{ order: 1, product: 2, variant: 21, reason: "size-too-small", at: d("2026-04-28") }],
      })
      .customer({ id: 9, redacted: true, orders: [{ at: d("2026-01-01"), total: "10" }] })
      .customer({
        id: 10,
        orders: [
          { at: d("2025-09-01"), total: "70", lines: [{ product: 1 }] },
          { at: d("2026-06-05"), total: "70", lines: [{ product: 1 }] },
        ],
      })
  );
}

describe("whole-shop recompute on a small store", () => {
  let db: TestDatabase;
  let result: RecomputeResult;
  const deps = () => ({ db, now: () => asOf, log: memoryLogger() });

  beforeAll(async () => {
    db = await createTestDatabase();
    await smallStore().write(db.prisma);
    result = await recomputeShop(deps(), SHOP);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("writes one profile per unredacted customer with exact money and dates", async () => {
    expect(result.customers).toBe(9);
    const rows = await db.prisma.customerProfile.findMany({ where: { shop: SHOP }, orderBy: { customerId: "asc" } });
    expect(rows.map((r) => Number(r.customerId))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10]);
    const loyal = rows[0];
    expect({
      orders: loyal.orderCount,
      gross: loyal.grossSpend.toFixed(4),
      net: loyal.netSpend.toFixed(4),
      aov: loyal.aov.toFixed(4),
      first: loyal.firstOrderAt,
      last: loyal.lastOrderAt,
      tenure: loyal.tenureDays,
      since: loyal.daysSinceLast,
      stage: loyal.lifecycleStage,
      clv: loyal.historicalClv.toFixed(4),
      fav: loyal.favouriteProductId,
      cat: loyal.favouriteCategory,
      size: loyal.usualSize,
      email: loyal.emailSubscribed,
    }).toEqual({
      orders: 10,
      gross: "6000.0000",
      net: "5900.0000",
      aov: "590.0000",
      first: d("2024-05-20"),
      last: d("2026-05-10"),
      tenure: 742,
      since: 22,
      stage: "vip",
      clv: "5900.0000",
      fav: 2n,
      cat: "Shirts",
      size: "M",
      email: true,
    });
    expect(loyal.avgGapDays).toBeCloseTo(720 / 9, 10);
    const byId = new Map(rows.map((r) => [Number(r.customerId), r]));
    expect([2, 3, 4, 5, 6, 7, 8, 10].map((id) => byId.get(id)!.lifecycleStage)).toEqual([
      "new",
      "at_risk",
      "lapsed",
      "active",
      "prospect",
      "prospect",
      "active",
      "at_risk",
    ]);
    expect(byId.get(5)!.netSpend.toFixed(4)).toBe("5000.0000");
    expect(byId.get(5)!.usualSize).toBe("L");
    expect(byId.get(7)!.orderCount).toBe(0);
    expect(byId.get(10)!.orderCount).toBe(1);
    expect(byId.get(8)).toMatchObject({ returnCount: 1, returnedItems: 1 });
    expect(byId.get(2)).toMatchObject({ smsSubscribed: true, emailSubscribed: false, aov: expect.anything() });
    expect(byId.get(2)!.aov.toFixed(4)).toBe("45.5000");
  });

  it("scores RFM by quintiles with ties kept together, as the pure rule does", async () => {
    const rows = await db.prisma.customerProfile.findMany({
      where: { shop: SHOP, orderCount: { gt: 0 } },
      orderBy: { customerId: "asc" },
    });
    expect(rows.map((r) => [Number(r.customerId), r.fScore, r.mScore])).toEqual([
      [1, 5, 5],
      [2, 1, 1],
      [3, 2, 3],
      [4, 3, 2],
      [5, 2, 4],
      [8, 3, 3],
      [10, 1, 1],
    ]);
    expect(rows.map((r) => r.rScore)).toEqual(quintileScores(rows.map((r) => r.lastOrderAt!.getTime())));
    const none = await db.prisma.customerProfile.findFirstOrThrow({ where: { shop: SHOP, customerId: 6n } });
    expect([none.rScore, none.fScore, none.mScore]).toEqual([null, null, null]);
  });

  it('stores the top-percent cuts of the profiles it wrote (segment rule "top")', async () => {
    const rows = await db.prisma.customerProfile.findMany({ where: { shop: SHOP, rScore: { not: null } } });
    const ranked = rows
      .map((r) => ({ score: r.rScore! + r.fScore! + r.mScore!, net: r.netSpend }))
      .sort((a, b) => b.score - a.score || b.net.comparedTo(a.net));
    const at = (p: number) => ranked[Math.ceil((ranked.length * p) / 100) - 1];
    const { topCuts } = await db.prisma.shopIntelligence.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(ranked.length).toBe(7);
    expect(topCuts).toEqual({
      rfm: Array.from({ length: 50 }, (_, i) => [at(i + 1).score, at(i + 1).net.toFixed(4)]),
      predictedClv: [], // not enough data for the CLV model in this store
    });
  });

  it("records milestones with the instant each was reached", async () => {
    const rows = await db.prisma.customerMilestone.findMany({
      where: { shop: SHOP },
      orderBy: [{ customerId: "asc" }, { kind: "asc" }, { threshold: "asc" }],
    });
    const day = 86_400_000;
    expect(rows.map((m) => [Number(m.customerId), m.kind, m.threshold.toFixed(0), m.reachedAt])).toEqual([
      [1, "anniversary_years", "1", new Date(d("2024-05-20").getTime() + 365 * day)],
      [1, "anniversary_years", "2", new Date(d("2024-05-20").getTime() + 730 * day)],
      [1, "lifetime_spend", "1000", d("2024-08-10")],
      [1, "lifetime_spend", "5000", d("2026-02-14")],
      [1, "order_count", "5", d("2025-03-30")],
      [1, "order_count", "10", d("2026-05-10")],
      [4, "anniversary_years", "1", new Date(d("2024-03-01").getTime() + 365 * day)],
      [4, "anniversary_years", "2", new Date(d("2024-03-01").getTime() + 730 * day)],
      [5, "lifetime_spend", "1000", d("2026-04-01")],
      [5, "lifetime_spend", "5000", d("2026-05-01")],
    ]);
    expect(result.newMilestones).toBe(10);
  });

  it("counts purchases per product and variant in rolling windows when read, not from stored rows", async () => {
    const loyal = await customerPurchases(db.pool, SHOP, 8n, asOf);
    expect(loyal.windows).toEqual([30, 90, 365]);
    expect(loyal.products).toEqual([
      {
        id: "2",
        title: "P2",
        orders: [1, 3, 3],
        ordersTotal: 3,
        units: 3,
        lastPurchasedAt: d("2026-05-25").toISOString(),
      },
    ]);
    expect(loyal.variants).toEqual([
      {
        id: "21",
        title: "P2 – M",
        orders: [1, 3, 3],
        ordersTotal: 3,
        units: 3,
        lastPurchasedAt: d("2026-05-25").toISOString(),
      },
    ]);
    expect(loyal).toMatchObject({ favouriteProduct: "P2", favouriteCategory: "Shirts" });
    // Ties on orders go to more units; a window holds (asOf − N days, asOf], so 31 days ago is out of the 30.
    const two = await customerPurchases(db.pool, SHOP, 5n, asOf);
    expect(two.products.map((p) => [p.title, p.orders, p.ordersTotal, p.units])).toEqual([
      ["P2", [0, 1, 1], 1, 2],
      ["P3", [0, 1, 1], 1, 1],
    ]);
    expect(two.variants.map((v) => [v.title, v.units])).toEqual([
      ["P2 – L", 2],
      ["P3 – 42", 1],
    ]);
    // Favourite category: one order each, ties alphabetical ("Sh\t…" sorts before "Shirts"), carried through COPY intact.
    expect(two.favouriteCategory).toBe(AWKWARD_TYPE);
    const stored = await db.prisma.customerProfile.findUniqueOrThrow({
      where: { shop_customerId: { shop: SHOP, customerId: 5n } },
    });
    expect(stored).toMatchObject({ favouriteCategory: AWKWARD_TYPE, usualSize: "L", favouriteProductId: 2n });
    // Cancelled and test orders, and orders after asOf, do not count.
    expect((await customerPurchases(db.pool, SHOP, 7n, asOf)).products).toEqual([]);
    const single = await customerPurchases(db.pool, SHOP, 10n, asOf);
    expect(single.products.map((p) => p.orders)).toEqual([[0, 0, 1]]);
    // A product's only variant ("Default Title") is not listed again as a variant.
    expect(single.variants).toEqual([]);
    // As of a later day the same rows fall out of the short windows: nothing stored goes stale.
    const later = await customerPurchases(db.pool, SHOP, 8n, new Date(asOf.getTime() + 60 * 86_400_000));
    expect(later.products[0].orders).toEqual([0, 1, 3]);
  });

  it("says the CLV model has not enough data yet, and writes no predictions", async () => {
    const fit = await db.prisma.clvModelFit.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(fit).toMatchObject({ status: "insufficient_data", reason: "too_few_customers", customers: 7 });
    expect(fit.detail).toBe("7 customers with an order; at least 200 needed");
    const predicted = await db.prisma.customerProfile.count({ where: { shop: SHOP, NOT: { predictedClv: null } } });
    expect(predicted).toBe(0);
  });

  it("a single-customer refresh writes exactly what the recompute wrote", async () => {
    const before = await snapshot(db.pool, SHOP);
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 10]) {
      const refreshed = await refreshCustomer(deps(), SHOP, BigInt(id));
      expect(refreshed.newMilestones).toEqual([]);
    }
    expect(await snapshot(db.pool, SHOP)).toEqual(before);
  });

  it("a refresh removes a redacted customer's profile", async () => {
    const result = await refreshCustomer(deps(), SHOP, 9n);
    expect(result.intelligence).toBeNull();
    expect(await db.prisma.customerProfile.count({ where: { shop: SHOP, customerId: 9n } })).toBe(0);
  });

  it("reports a milestone newly reached by a new order, once", async () => {
    await db.prisma.order.create({
      data: {
        shop: SHOP,
        id: 99_001n,
        name: "#99001",
        customerId: 3n,
        processedAt: d("2026-05-30"),
        createdAt: d("2026-05-30"),
        updatedAt: d("2026-05-30"),
        currencyCode: "USD",
        subtotalPrice: "900",
        totalPrice: "900",
      },
    });
    const first = await refreshCustomer(deps(), SHOP, 3n);
    expect(first.newMilestones).toEqual([
      { kind: "lifetime_spend", threshold: "1000.0000", reachedAt: d("2026-05-30") },
    ]);
    expect(first.intelligence?.profile.orderCount).toBe(3);
    expect(first.intelligence?.stage).toBe("active");
    expect((await refreshCustomer(deps(), SHOP, 3n)).newMilestones).toEqual([]);
    const again = await recomputeShop(deps(), SHOP);
    expect(again.newMilestones).toBe(0);
  });

  it("moves a held milestone to its new date without reporting it again", async () => {
    await db.prisma.order.create({
      data: {
        shop: SHOP,
        id: 99_002n,
        name: "#99002",
        customerId: 3n,
        processedAt: d("2026-05-10"),
        createdAt: d("2026-05-10"),
        updatedAt: d("2026-05-10"),
        currencyCode: "USD",
        subtotalPrice: "950",
        totalPrice: "950",
      },
    });
    const moved = await refreshCustomer(deps(), SHOP, 3n);
    expect(moved.newMilestones).toEqual([]);
    const held = await db.prisma.customerMilestone.findUniqueOrThrow({
      where: {
        shop_customerId_kind_threshold: { shop: SHOP, customerId: 3n, kind: "lifetime_spend", threshold: "1000" },
      },
    });
    expect(held.reachedAt).toEqual(d("2026-05-10"));
    // The recompute (which also moves RFM cut points) agrees on every milestone.
    const milestones = () =>
      db.prisma.customerMilestone.findMany({
        where: { shop: SHOP },
        orderBy: [{ customerId: "asc" }, { kind: "asc" }, { threshold: "asc" }],
      });
    const refreshed = await milestones();
    expect((await recomputeShop(deps(), SHOP)).newMilestones).toBe(0);
    expect(await milestones()).toEqual(refreshed);
  });

  it("runs through the task map and rejects a malformed payload", async () => {
    const log = memoryLogger();
    const ctx: AppContext = {
      db,
      now: () => asOf,
      log,
      queue: { enqueue: async () => undefined },
      admin: (() => undefined) as unknown as AdminFactory,
    };
    await intelligenceTasks["intelligence.refreshCustomer"]({ shop: SHOP, customerId: "2" }, ctx);
    await intelligenceTasks["intelligence.recomputeShop"]({ shop: SHOP }, ctx);
    expect(log.lines.map((l) => l.message)).toContain("intelligence.recompute");
    await expect(
      intelligenceTasks["intelligence.refreshCustomer"]({ shop: SHOP, customerId: "x" }, ctx),
    ).rejects.toThrow();
  });

  it("applies the merchant's milestone thresholds from the shop settings", async () => {
    const ctx: AppContext = {
      db,
      now: () => asOf,
      log: memoryLogger(),
      queue: { enqueue: async () => undefined },
      admin: (() => undefined) as unknown as AdminFactory,
    };
    await db.prisma.shop.upsert({
      where: { domain: SHOP },
      create: { domain: SHOP, settings: { milestoneOrders: 7 } },
      update: { settings: { milestoneOrders: 7 } },
    });
    await intelligenceTasks["intelligence.recomputeShop"]({ shop: SHOP }, ctx);
    const counts = await db.prisma.customerMilestone.findMany({
      where: { shop: SHOP, customerId: 1n, kind: "order_count" },
      orderBy: { threshold: "asc" },
    });
    expect(counts.map((m) => Number(m.threshold))).toEqual([5, 7]);
    await db.prisma.shop.update({ where: { domain: SHOP }, data: { settings: {} } });
  });
});
