import { describe, expect, it } from "vitest";
import {
  ATTRIBUTION_RULE,
  attributeOrders,
  attributionRule,
  inWindow,
  windowOutcomes,
  type OrderFacts,
  type Touch,
} from "./attribution";

const t0 = new Date("2026-03-01T12:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * 86_400_000);

function touch(messageId: string, customerId: bigint, days: number, extra: Partial<Touch> = {}): Touch {
  return { messageId, campaignId: "c1", customerId, at: at(days), attributionDays: 7, heldOut: false, ...extra };
}
function order(orderId: bigint, customerId: bigint | null, days: number, extra: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderId,
    customerId,
    processedAt: at(days),
    cancelled: false,
    test: false,
    total: 100,
    refunded: 0,
    ...extra,
  };
}

describe("the attribution rule", () => {
  it("is one sentence naming the window", () => {
    expect(ATTRIBUTION_RULE).toContain("at most 7 days later");
    expect(attributionRule(1)).toContain("at most 1 day later");
    expect(ATTRIBUTION_RULE.trim().split(/\.\s/).length).toBe(1);
  });

  it("opens the window just after sending and closes it exactly N days later", () => {
    const m = touch("m", 1n, 0);
    expect(inWindow(m, at(0))).toBe(false);
    expect(inWindow(m, new Date(t0.getTime() + 1))).toBe(true);
    expect(inWindow(m, at(7))).toBe(true);
    expect(inWindow(m, new Date(at(7).getTime() + 1))).toBe(false);
  });
});

describe("attributeOrders", () => {
  it("gives an order to the latest sent message whose window contains it", () => {
    const touches = [
      touch("a", 1n, 0, { campaignId: "A" }),
      touch("b", 1n, 2, { campaignId: "B" }),
      touch("later", 1n, 4),
    ];
    expect(attributeOrders(touches, [order(10n, 1n, 3)])).toEqual([
      { orderId: 10n, messageId: "b", campaignId: "B", revenue: 100 },
    ]);
  });

  it("falls back to an earlier message when the latest one's shorter window has closed", () => {
    const touches = [touch("a", 1n, 0), touch("b", 1n, 2, { attributionDays: 1 })];
    expect(attributeOrders(touches, [order(10n, 1n, 3.5)]).map((row) => row.messageId)).toEqual(["a"]);
  });

  it("never attributes to holdouts, other customers, guests, cancelled or test orders", () => {
    const touches = [touch("h", 1n, 0, { heldOut: true }), touch("m2", 2n, 0)];
    const orders = [
      order(1n, 1n, 1),
      order(2n, null, 1),
      order(3n, 2n, 1, { cancelled: true }),
      order(4n, 2n, 1, { test: true }),
    ];
    expect(attributeOrders(touches, orders)).toEqual([]);
  });

  it("nets refunds and never goes below zero", () => {
    const rows = attributeOrders(
      [touch("m", 1n, 0)],
      [order(1n, 1n, 1, { refunded: 30 }), order(2n, 1n, 2, { refunded: 120 })],
    );
    expect(rows.map((row) => row.revenue)).toEqual([70, 0]);
  });
});

describe("windowOutcomes", () => {
  it("measures holdouts from their would-be send time, independently of other campaigns", () => {
    const touches = [
      touch("h", 1n, 0, { heldOut: true, campaignId: "A" }),
      touch("m", 1n, 1, { campaignId: "B" }),
      touch("x", 2n, 0, { campaignId: "A" }),
    ];
    const outcomes = windowOutcomes(touches, [order(1n, 1n, 2, { total: 50 }), order(2n, 2n, 8)]);
    expect(outcomes).toEqual([
      { campaignId: "A", customerId: 1n, heldOut: true, converted: true, revenue: 50 },
      { campaignId: "B", customerId: 1n, heldOut: false, converted: true, revenue: 50 },
      { campaignId: "A", customerId: 2n, heldOut: false, converted: false, revenue: 0 },
    ]);
  });

  it("counts an order once per customer even when several of their windows overlap, and drops mixed customers", () => {
    const touches = [touch("a", 1n, 0), touch("b", 1n, 3), touch("c", 2n, 0), touch("d", 2n, 1, { heldOut: true })];
    const outcomes = windowOutcomes(touches, [order(1n, 1n, 4), order(2n, 1n, 9)]);
    expect(outcomes).toEqual([{ campaignId: "c1", customerId: 1n, heldOut: false, converted: true, revenue: 200 }]);
  });
});
