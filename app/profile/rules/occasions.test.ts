// Same-day orders are one purchase occasion of the CLV model (docs/decisions/0205), as lifetimes'
// summary_data_from_transaction_data(freq="D") counts them; order count, spend and AOV stay per order.
import { describe, expect, it } from "vitest";
import { predictClv, defaultHorizon } from "./clv/predict";
import { defaultMetricsConfig } from "./config";
import { customerIntelligence, type CustomerFacts, type ShopModel } from "./customer";
import { countedOrders, type OrderFact } from "./facts";
import { moneyToDecimal } from "./money";
import { calendarTimeZone, dayIso, localDay, occasionSummary, purchaseOccasions } from "./occasions";

const order = (id: number, at: string, total: string, refunded = "0", extra: Partial<OrderFact> = {}): OrderFact => ({
  id: BigInt(id),
  processedAt: new Date(at),
  cancelledAt: null,
  test: false,
  totalPrice: total,
  totalRefunded: refunded,
  ...extra,
});
const asOf = new Date("2026-06-01T12:00:00Z");
const model = (timeZone: string): ShopModel => ({
  cuts: null,
  clv: {
    bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: 0 },
    gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  },
  horizon: defaultHorizon,
  timeZone,
});
const facts = (orders: OrderFact[]): CustomerFacts => ({
  orders,
  lines: [],
  returns: [],
  emailMarketing: "NOT_SUBSCRIBED",
  smsMarketing: "NOT_SUBSCRIBED",
});

describe("purchase occasions", () => {
  // Two orders on 2026-01-05, one on 2026-01-20 (refunded in part), one on 2026-02-04 and a cancelled one.
  const orders = [
    order(1, "2026-01-05T09:00:00Z", "40.00"),
    order(2, "2026-01-05T17:30:00Z", "60.00"),
    order(3, "2026-01-20T10:00:00Z", "30.00", "10.00"),
    order(4, "2026-01-20T11:00:00Z", "25.00"),
    order(5, "2026-02-04T10:00:00Z", "100.00"),
    order(6, "2026-03-01T10:00:00Z", "500.00", "0", { cancelledAt: new Date("2026-03-02T00:00:00Z") }),
  ];

  it("counts two orders the same day as one occasion, worth their summed net", () => {
    const o = purchaseOccasions(countedOrders(orders, asOf), "UTC");
    expect(o.days).toBe(3);
    expect(dayIso(o.firstDay!)).toBe("2026-01-05");
    expect(dayIso(o.lastDay!)).toBe("2026-02-04");
    expect(moneyToDecimal(o.firstDayNet)).toBe("100.0000");
    // Net 245 − first day 100 over two repeat occasions (45 and 100), as lifetimes' monetary_value.
    expect(occasionSummary(o, 245_0000n, asOf, "UTC")).toEqual({ x: 2, tx: 30, T: 147, zbar: 72.5 });
  });

  it("feeds the model occasions while order count and AOV stay per order", () => {
    const ci = customerIntelligence(facts(orders), asOf, model("UTC"), defaultMetricsConfig);
    expect(ci.profile.orderCount).toBe(5);
    expect(moneyToDecimal(ci.profile.aov)).toBe("49.0000");
    const m = model("UTC").clv!;
    const expected = predictClv(m.bgnbd, m.gammaGamma, { x: 2, tx: 30, T: 147, zbar: 72.5 }, defaultHorizon);
    expect(ci.clv).toEqual({
      predictedPurchases: expected.predictedPurchases,
      predictedPurchases90d: expected.purchases90d,
      probabilityAlive: expected.probabilityAlive,
      expectedOrderValue: expected.expectedOrderValue,
      predictedClv: expected.clv,
    });
  });

  it("takes days in the shop's timezone, asOf's day included", () => {
    // 23:30 UTC on 10 March and 01:00 UTC on 11 March are both the evening of 10 March in New York.
    const evening = [order(1, "2026-03-10T23:30:00Z", "10.00"), order(2, "2026-03-11T01:00:00Z", "20.00")];
    const ny = purchaseOccasions(evening, "America/New_York");
    expect(ny).toMatchObject({ days: 1, firstDayNet: 30_0000n });
    expect(dayIso(ny.firstDay!)).toBe("2026-03-10");
    expect(purchaseOccasions(evening, "UTC").days).toBe(2);
    // 2026-06-01T12:00Z is already 2 June in Auckland.
    expect(dayIso(localDay(asOf, "Pacific/Auckland"))).toBe("2026-06-02");
    expect(occasionSummary(ny, 30_0000n, asOf, "America/New_York")).toEqual({ x: 0, tx: 0, T: 83, zbar: 0 });
  });

  it("falls back to UTC for a timezone the runtime does not know", () => {
    expect(calendarTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(calendarTimeZone(null)).toBe("UTC");
    expect(calendarTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
  });
});
