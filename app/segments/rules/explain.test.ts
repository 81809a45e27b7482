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
      rule: "netSpend ≥ 5000",
      matched: false,
      actual: "4200.5000",
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

  it("gives dates as ISO strings", () => {
    const last = daysAgo(7);
    const explanation = explainSegment(
      { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 },
      facts({ fields: { lastOrderAt: last } }),
      NOW,
    );
    expect(explanation).toMatchObject({
      matched: true,
      actual: last.toISOString(),
      rule: "lastOrderAt exactly 7 days ago",
    });
  });

  it("agrees with evaluateSegment at the root", () => {
    const rich = facts({ ...customer, fields: { ...customer.fields, netSpend: "5000" } });
    for (const c of [customer, rich]) expect(explainSegment(rule, c, NOW).matched).toBe(evaluateSegment(rule, c, NOW));
    expect(explainSegment(rule, rich, NOW).matched).toBe(true);
  });
});
