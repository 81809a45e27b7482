// Table-driven: productAffinity, returned and milestone over a customer's history.
import { describe, expect, it } from "vitest";
import { evaluateSegment } from "./evaluate";
import { type CustomerFacts } from "./facts";
import { daysAgo, facts, NOW, order } from "./test-facts";
import { type SegmentRule } from "./types";

type Case = [name: string, rule: SegmentRule, facts: CustomerFacts, expected: boolean];

const premium = { "10": { premiumProductId: "99", relaunchedAt: null } };
const threeInWindow = facts({
  orders: [order(1, ["10", "10"]), order(40, ["10", "11"]), order(89, ["10"])],
  mappings: premium,
});
const oneAtTheEdge = facts({ orders: [order(1, ["10"]), order(40, ["10"]), order(90, ["10"])], mappings: premium });
const spread = facts({ orders: [order(1, ["10"]), order(2, ["11"]), order(3, ["12"])], mappings: premium });
const cancelled = facts({
  orders: [order(1, ["10"]), order(2, ["10"]), order(3, ["10"], { cancelled: true }), order(4, ["10"], { test: true })],
  mappings: premium,
});
const future = facts({ orders: [order(1, ["10"]), order(2, ["10"]), order(-1, ["10"])], mappings: premium });
const unmapped = facts({ orders: [order(1, ["20"]), order(2, ["20"]), order(3, ["20"])] });

const affinityCases: Case[] = [
  [
    "3 orders of one product in 90 days, premium",
    { type: "productAffinity", minOrders: 3, withinDays: 90, requirePremium: true },
    threeInWindow,
    true,
  ],
  [
    "a line repeated in one order counts once",
    { type: "productAffinity", minOrders: 4, withinDays: 90 },
    threeInWindow,
    false,
  ],
  ["the window is open at now-90d", { type: "productAffinity", minOrders: 3, withinDays: 90 }, oneAtTheEdge, false],
  ["no window: all orders", { type: "productAffinity", minOrders: 3 }, oneAtTheEdge, true],
  ["different products do not add up", { type: "productAffinity", minOrders: 2, withinDays: 90 }, spread, false],
  ["any product, one order", { type: "productAffinity", minOrders: 1, withinDays: 90 }, spread, true],
  [
    "cancelled and test orders are not counted",
    { type: "productAffinity", minOrders: 3, withinDays: 90 },
    cancelled,
    false,
  ],
  ["orders after now are not counted", { type: "productAffinity", minOrders: 3, withinDays: 90 }, future, false],
  ["a named product", { type: "productAffinity", productId: "11", minOrders: 1, withinDays: 90 }, threeInWindow, true],
  ["a named product not bought", { type: "productAffinity", productId: "12", minOrders: 1 }, threeInWindow, false],
  [
    "premium required but unmapped",
    { type: "productAffinity", minOrders: 3, withinDays: 90, requirePremium: true },
    unmapped,
    false,
  ],
  ["unmapped without premium", { type: "productAffinity", minOrders: 3, withinDays: 90 }, unmapped, true],
];

const relaunched = {
  "10": { premiumProductId: null, relaunchedAt: daysAgo(5) },
  "11": { premiumProductId: null, relaunchedAt: daysAgo(50) },
};
const returns = facts({
  returns: [
    { productId: "10", reasonHandle: "size-too-small", createdAt: daysAgo(20) },
    { productId: "11", reasonHandle: "defective", createdAt: daysAgo(30) },
  ],
  mappings: relaunched,
});
const relaunchedLater = facts({
  returns: [{ productId: "10", reasonHandle: "defective", createdAt: daysAgo(20) }],
  mappings: { "10": { premiumProductId: null, relaunchedAt: daysAgo(-2) } },
});

const returnedCases: Case[] = [
  ["any return", { type: "returned" }, returns, true],
  ["by reason", { type: "returned", reasons: ["defective"] }, returns, true],
  ["by reason, none", { type: "returned", reasons: ["unwanted"] }, returns, false],
  ["within days", { type: "returned", withinDays: 20 }, returns, false],
  ["within days, inside", { type: "returned", withinDays: 21 }, returns, true],
  [
    "relaunched since the return",
    { type: "returned", reasons: ["size-too-small"], relaunchedSince: true },
    returns,
    true,
  ],
  [
    "relaunched before the return does not count",
    { type: "returned", reasons: ["defective"], relaunchedSince: true },
    returns,
    false,
  ],
  ["relaunch after now does not count", { type: "returned", relaunchedSince: true }, relaunchedLater, false],
  ["named product", { type: "returned", productId: "11" }, returns, true],
  ["named product with relaunch", { type: "returned", productId: "11", relaunchedSince: true }, returns, false],
];

const milestones = facts({
  milestones: [
    { kind: "lifetime_spend", threshold: "5000.0000", reachedAt: daysAgo(3) },
    { kind: "order_count", threshold: "10", reachedAt: daysAgo(400) },
  ],
});
const milestoneCases: Case[] = [
  ["kind reached", { type: "milestone", kind: "lifetime_spend" }, milestones, true],
  ["threshold at least", { type: "milestone", kind: "lifetime_spend", minThreshold: 5000 }, milestones, true],
  ["threshold above", { type: "milestone", kind: "lifetime_spend", minThreshold: "5000.01" }, milestones, false],
  ["within days", { type: "milestone", kind: "order_count", withinDays: 30 }, milestones, false],
  ["within days, recent", { type: "milestone", kind: "lifetime_spend", withinDays: 4 }, milestones, true],
  ["other kind", { type: "milestone", kind: "anniversary_years" }, milestones, false],
  [
    "reached after now",
    { type: "milestone", kind: "lifetime_spend" },
    facts({ milestones: [{ kind: "lifetime_spend", threshold: "1", reachedAt: daysAgo(-1) }] }),
    false,
  ],
];

describe.each([
  ["productAffinity", affinityCases],
  ["returned", returnedCases],
  ["milestone", milestoneCases],
])("evaluateSegment: %s", (_group, cases) => {
  it.each(cases)("%s", (_name, rule, customer, expected) => {
    expect(evaluateSegment(rule, customer, NOW)).toBe(expected);
  });
});
