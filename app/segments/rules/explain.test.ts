import { describe, expect, it } from "vitest";
import { evaluateSegment } from "./evaluate";
import { explainSegment } from "./explain";
import { daysAgo, facts, NOW, order } from "./test-facts";
import { type SegmentRule } from "./types";

const rule: SegmentRule = {
  type: "all",
  label: "VIP repeat buyers",
  rules: [
    { type: "compare", field: "netSpend", op: "gte", value: 5000 },
    {
      type: "any",
      rules: [
        { type: "productAffinity", minOrders: 2, withinDays: 30 },
        { type: "tag", match: "any", tags: ["vip"] },
      ],
    },
    { type: "not", rule: { type: "consent", channel: "email", states: ["UNSUBSCRIBED"] } },
  ],
};

describe("explainSegment", () => {
  const customer = facts({
    fields: { netSpend: "4200.5000", emailMarketing: "SUBSCRIBED" },
    orders: [order(2, ["7"]), order(10, ["7"])],
  });

  it("gives each rule's path, text, verdict and actual value", () => {
    const explanation = explainSegment(rule, customer, NOW);
    expect(explanation).toMatchObject({ path: "", label: "VIP repeat buyers", rule: "all of 3 rules", matched: false });
    const [spend, either, notUnsub] = explanation.children!;
    expect(spend).toEqual({
      path: "rules[0]",
      type: "compare",
      rule: "Net spend (after refunds) at least 5,000",
      matched: false,
      actual: "4200.5000",
      value: "4,200.5",
    });
    expect(either.matched).toBe(true);
    expect(either.children![0]).toMatchObject({
      path: "rules[1].rules[0]",
      matched: true,
      actual: { productId: "7", orders: 2, premiumProductId: null },
    });
    expect(either.children![1]).toMatchObject({ path: "rules[1].rules[1]", matched: false, actual: [] });
    expect(notUnsub).toMatchObject({
      path: "rules[2]",
      matched: true,
      children: [{ path: "rules[2].rule", matched: false, actual: "SUBSCRIBED" }],
    });
  });

  it("gives dates as ISO strings to templates and as days to people", () => {
    const last = daysAgo(7);
    const explanation = explainSegment(
      { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 },
      facts({ fields: { lastOrderAt: last } }),
      NOW,
    );
    expect(explanation).toMatchObject({
      matched: true,
      actual: last.toISOString(),
      value: "Nov 22, 2026",
      rule: "Most recent counted order exactly 7 days ago",
    });
  });

  it("words every leaf's deciding value in the shop's currency, with product titles, never raw", () => {
    const vocab = { currency: "JPY", productTitle: (id: string) => ({ "7": "Merino Beanie" })[id] ?? null };
    const rich = facts({
      fields: { netSpend: "4200.5000", emailMarketing: "NOT_SUBSCRIBED", lastOrderAt: daysAgo(3) },
      tags: ["vip"],
      orders: [order(2, ["7"]), order(10, ["7"])],
      returns: [{ productId: "9", reasonHandle: "size-too-small", createdAt: daysAgo(4) }],
      milestones: [{ kind: "lifetime_spend", threshold: "1000.0000", reachedAt: new Date("2025-02-01T07:38:24.000Z") }],
    });
    const leaves: SegmentRule[] = [
      { type: "compare", field: "netSpend", op: "gte", value: 5000 },
      { type: "productAffinity", minOrders: 2, withinDays: 30 },
      { type: "returned", withinDays: 30 },
      { type: "milestone", kind: "lifetime_spend" },
      { type: "milestone", kind: "order_count", withinDays: 30 },
      { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
      { type: "relativeDate", field: "lastOrderAt", op: "withinLastDays", days: 7 },
      { type: "tag", match: "any", tags: ["vip"] },
    ];
    const words = explainSegment({ type: "all", rules: leaves }, rich, NOW, vocab).children!.map((c) => c.value);
    expect(words).toEqual([
      "¥4,201",
      "“Merino Beanie” in 2 orders",
      "a product no longer in the catalogue on Nov 25, 2026 (size too small)",
      "a lifetime spend of ¥1,000 on Feb 1, 2025",
      "not reached in that window",
      "not subscribed",
      "Nov 26, 2026",
      "vip",
    ]);
    for (const w of words) expect(w).not.toMatch(/\d{4}-\d{2}-\d{2}T|[{}[\]]/);
  });

  it("agrees with evaluateSegment at the root", () => {
    const rich = facts({ ...customer, fields: { ...customer.fields, netSpend: "5000" } });
    for (const c of [customer, rich]) expect(explainSegment(rule, c, NOW).matched).toBe(evaluateSegment(rule, c, NOW));
    expect(explainSegment(rule, rich, NOW).matched).toBe(true);
  });
});
