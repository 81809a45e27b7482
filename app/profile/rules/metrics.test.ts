import { describe, expect, it } from "vitest";
import { affinity } from "./affinity";
import { defaultMetricsConfig } from "./config";
import type { LineItemFact, OrderFact } from "./facts";
import { lifecycleStage } from "./lifecycle";
import { milestones, newlyReached } from "./milestones";
import { divideMoney, moneyToDecimal, parseMoney } from "./money";
import { consent, orderProfile } from "./profile";
import { cutPoints, quintileScores, scoreFromCuts } from "./rfm";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const order = (id: number, date: string, total: string, refunded = "0", extra: Partial<OrderFact> = {}): OrderFact => ({
  id: BigInt(id),
  processedAt: day(date),
  cancelledAt: null,
  test: false,
  totalPrice: total,
  totalRefunded: refunded,
  ...extra,
});
const asOf = day("2026-06-01");

describe("money", () => {
  it("is exact and rounds half away from zero", () => {
    expect(moneyToDecimal(parseMoney("0.1") + parseMoney("0.2"))).toBe("0.3000");
    expect(moneyToDecimal(divideMoney(parseMoney("10"), 3))).toBe("3.3333");
    expect(moneyToDecimal(divideMoney(parseMoney("0.0005"), 2))).toBe("0.0003");
    expect(moneyToDecimal(parseMoney("-12.5"))).toBe("-12.5000");
  });
});

describe("orderProfile", () => {
  const orders = [
    order(1, "2025-06-01", "100.00"),
    order(2, "2025-12-01", "50.10", "20.05"),
    order(3, "2026-05-22", "30.00"),
    order(4, "2026-01-01", "999.00", "0", { cancelledAt: day("2026-01-02") }),
    order(5, "2026-02-01", "999.00", "0", { test: true }),
    order(6, "2026-07-01", "999.00"), // after asOf
  ];
  it("counts only counted orders and subtracts refunds exactly", () => {
    const p = orderProfile(orders, asOf);
    expect(p.orderCount).toBe(3);
    expect(moneyToDecimal(p.grossSpend)).toBe("180.1000");
    expect(moneyToDecimal(p.netSpend)).toBe("160.0500");
    expect(moneyToDecimal(p.aov)).toBe("53.3500");
    expect(moneyToDecimal(p.firstOrderNet)).toBe("100.0000");
    expect(p.firstOrderAt).toEqual(day("2025-06-01"));
    expect(p.lastOrderAt).toEqual(day("2026-05-22"));
    expect(p.tenureDays).toBe(365);
    expect(p.daysSinceLast).toBe(10);
    expect(p.avgGapDays).toBeCloseTo(355 / 2, 10);
    expect(p.historicalClv).toBe(p.netSpend);
  });
  it("is empty for a customer with no counted order", () => {
    const p = orderProfile([orders[3]], asOf);
    expect(p).toMatchObject({ orderCount: 0, firstOrderAt: null, daysSinceLast: null, avgGapDays: null });
  });
});

describe("RFM quintiles", () => {
  it("scores ten distinct values two per quintile", () => {
    expect(quintileScores([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });
  it("keeps ties together at the score of their first position", () => {
    // sorted: 1 1 1 1 1 1 2 3 4 5 -> the six 1s all rank 1 -> score 1; 2 at index 6 -> 1+floor(30/10)=4
    expect(quintileScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
  });
  it("cut points reproduce the scores for every member", () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
    const scores = quintileScores(values);
    const cuts = cutPoints(values);
    expect(values.map((v) => scoreFromCuts(v, cuts))).toEqual(scores);
    expect(scoreFromCuts(100, cuts)).toBe(5);
    expect(scoreFromCuts(0, cuts)).toBe(1);
  });
});

describe("lifecycle", () => {
  const c = defaultMetricsConfig.lifecycle;
  const base = { orderCount: 3, tenureDays: 400, daysSinceLast: 10, fScore: 3, mScore: 3 };
  it("applies the rules in order", () => {
    expect(lifecycleStage({ ...base, orderCount: 0, tenureDays: null, daysSinceLast: null }, c)).toBe("prospect");
    expect(lifecycleStage({ ...base, daysSinceLast: 365, mScore: 5, fScore: 5 }, c)).toBe("lapsed");
    expect(lifecycleStage({ ...base, daysSinceLast: 90 }, c)).toBe("at_risk");
    expect(lifecycleStage({ ...base, daysSinceLast: 89, mScore: 5, fScore: 4 }, c)).toBe("vip");
    expect(lifecycleStage({ ...base, mScore: 5, fScore: 3 }, c)).toBe("active");
    expect(lifecycleStage({ ...base, orderCount: 1, tenureDays: 29, daysSinceLast: 29 }, c)).toBe("new");
    expect(lifecycleStage({ ...base, orderCount: 1, tenureDays: 30, daysSinceLast: 30 }, c)).toBe("active");
  });
});

describe("milestones", () => {
  const config = { lifetimeSpend: ["1000", "5000"], orderCount: [2, 10], anniversaryYears: [1, 2] };
  const orders = [
    order(1, "2024-05-01", "600"),
    order(2, "2024-08-01", "500", "100"),
    order(3, "2025-01-01", "300"),
    order(4, "2025-02-01", "4000"),
  ];
  it("dates each milestone when it was reached", () => {
    expect(milestones(orders, asOf, config)).toEqual([
      { kind: "lifetime_spend", threshold: "1000.0000", reachedAt: day("2024-08-01") }, // 600 + (500 - 100 refunded)
      { kind: "lifetime_spend", threshold: "5000.0000", reachedAt: day("2025-02-01") },
      { kind: "order_count", threshold: "2.0000", reachedAt: day("2024-08-01") },
      {
        kind: "anniversary_years",
        threshold: "1.0000",
        reachedAt: new Date(day("2024-05-01").getTime() + 365 * 86_400_000),
      },
      { kind: "anniversary_years", threshold: "2.0000", reachedAt: day("2026-05-01") },
    ]);
  });
  it("reports only what is newly held", () => {
    const before = milestones(orders.slice(0, 3), asOf, config);
    expect(newlyReached(before, milestones(orders, asOf, config))).toEqual([
      { kind: "lifetime_spend", threshold: "5000.0000", reachedAt: day("2025-02-01") },
    ]);
  });
  it("the 730-day anniversary is reached exactly at first order + 730 days", () => {
    const first = [order(1, "2024-06-01", "10")];
    expect(milestones(first, new Date(day("2026-06-01").getTime() - 1), config).map((m) => m.threshold)).toEqual([
      "1.0000",
    ]);
    expect(milestones(first, day("2026-06-01"), config).map((m) => m.threshold)).toEqual(["1.0000", "2.0000"]);
  });
});

describe("affinity", () => {
  const line = (
    orderId: number,
    date: string,
    productId: number,
    variantId: number,
    quantity: number,
    productType: string,
    size: string | null,
  ): LineItemFact => ({
    orderId: BigInt(orderId),
    processedAt: day(date),
    productId: BigInt(productId),
    variantId: BigInt(variantId),
    quantity,
    productType,
    size,
  });
  const lines = [
    line(1, "2026-05-25", 10, 101, 1, "Coffee", null),
    line(1, "2026-05-25", 10, 102, 1, "Coffee", null), // same product twice in one order: one order
    line(2, "2026-04-01", 10, 101, 2, "Coffee", null),
    line(3, "2025-01-01", 10, 101, 1, "Coffee", null),
    line(3, "2025-01-01", 20, 201, 1, "Shirts", "M"),
    line(4, "2026-03-10", 20, 202, 1, "Shirts", "L"),
    line(5, "2026-05-30", 20, 201, 1, "Shirts", "M"),
  ];
  it("counts distinct orders per window and picks favourites", () => {
    const a = affinity(lines, asOf, [30, 90, 365]);
    expect(a.products).toEqual([
      { id: 10n, orders: [1, 2, 2], ordersTotal: 3, quantityTotal: 5, lastPurchasedAt: day("2026-05-25") },
      { id: 20n, orders: [1, 2, 2], ordersTotal: 3, quantityTotal: 3, lastPurchasedAt: day("2026-05-30") },
    ]);
    expect(a.variants.find((v) => v.id === 201n)).toMatchObject({
      orders: [1, 1, 1],
      ordersTotal: 2,
      quantityTotal: 2,
    });
    expect(a.favouriteProductId).toBe(10n); // tie on orders, more units
    expect(a.favouriteCategory).toBe("Coffee"); // 3 orders each: alphabetical
    expect(a.usualSize).toBe("M");
  });
  it("a window is (asOf - N days, asOf]", () => {
    const edge = [line(1, "2026-03-03", 10, 101, 1, "X", null)]; // exactly 90 days before asOf
    expect(affinity(edge, asOf, [30, 90, 365]).products[0].orders).toEqual([0, 0, 1]);
  });
});

describe("consent", () => {
  it("only SUBSCRIBED is consent", () => {
    expect(consent("SUBSCRIBED", "PENDING")).toEqual({ email: true, sms: false });
    expect(consent("UNSUBSCRIBED", "SUBSCRIBED")).toEqual({ email: false, sms: true });
  });
});
