import { describe, expect, it } from "vitest";
import { type CustomerFacts, evaluateSegment, parseSegment, parseTopCuts } from "~/segments/rules";
import { daysAgo, facts, NOW } from "~/segments/rules/test-facts";
import { getPillar, PILLAR_IDS, PILLARS, pillarSegment } from "./index";

describe("pillars", () => {
  it("has the four pillars, each with a valid default and valid variants", () => {
    expect(PILLARS.map((p) => p.id)).toEqual([...PILLAR_IDS]);
    for (const pillar of PILLARS) {
      expect(pillar.variants.map((v) => v.id)).toContain(pillar.defaultVariantId);
      for (const variant of pillar.variants) expect(parseSegment(variant.segment)).toMatchObject({ ok: true });
    }
  });

  it("hands out editable copies", () => {
    const copy = pillarSegment("affinity");
    if (copy.type !== "productAffinity") throw new Error("expected a productAffinity rule");
    copy.minOrders = 5;
    expect(pillarSegment("affinity")).toMatchObject({ minOrders: 3 });
  });

  it("rejects an unknown variant, listing the known ones", () => {
    expect(() => pillarSegment("lifecycle", "day-3")).toThrow(/day-7, day-14, day-30/);
  });

  it.each([
    ["net spend", { netSpend: "5000.0000" }, true],
    ["just under net spend", { netSpend: "4999.9999", orderCount: 9 }, false],
    ["10 orders", { orderCount: 10 }, true],
    ["first order exactly 730 days ago", { firstOrderAt: daysAgo(730) }, true],
    ["first order 729 days ago", { firstOrderAt: daysAgo(729) }, false],
  ])("loyalty, any milestone whenever reached: %s", (_name, fields, expected) => {
    expect(evaluateSegment(pillarSegment("loyalty", "milestones"), facts({ fields }), NOW)).toBe(expected);
  });

  describe("loyalty default: the top 10% by RFM, or a pillar milestone in the last 30 days", () => {
    // The shop's 10% cut is R+F+M 13 with 900 net spend.
    const topCuts = parseTopCuts({ rfm: Array.from({ length: 50 }, () => [13, "900"]), predictedClv: [] });
    const member = (extra: Partial<CustomerFacts>) =>
      evaluateSegment(pillarSegment("loyalty"), facts({ topCuts, ...extra }), NOW);
    const ordinary = { rScore: 3, fScore: 4, mScore: 4, netSpend: "5200" };
    const milestone = (kind: string, threshold: string, age: number) => ({
      milestones: [{ kind, threshold, reachedAt: daysAgo(age) }],
    });

    it("defaults to RFM", () => {
      expect(getPillar("loyalty").defaultVariantId).toBe("top-rfm");
    });

    it.each([
      ["a top-decile customer", { fields: { rScore: 5, fScore: 5, mScore: 4, netSpend: "100" } }, true],
      [
        "at the cut's score, below its spend",
        { fields: { rScore: 5, fScore: 4, mScore: 4, netSpend: "899.99" } },
        false,
      ],
      [
        "an ordinary customer with 5,000 spent and 2 years of tenure",
        { fields: { ...ordinary, firstOrderAt: daysAgo(900) } },
        false,
      ],
      [
        "an anniversary of 2 years 29 days ago",
        { fields: ordinary, ...milestone("anniversary_years", "2.0000", 29) },
        true,
      ],
      [
        "an anniversary of 2 years months ago",
        { fields: ordinary, ...milestone("anniversary_years", "2.0000", 200) },
        false,
      ],
      [
        "a first anniversary yesterday (not a pillar milestone)",
        { fields: ordinary, ...milestone("anniversary_years", "1.0000", 1) },
        false,
      ],
      ["a 10th order last week", { fields: ordinary, ...milestone("order_count", "10.0000", 7) }, true],
      [
        "5,000 spent, reached 31 days ago",
        { fields: ordinary, ...milestone("lifetime_spend", "5000.0000", 31) },
        false,
      ],
      [
        "5,000 spent, reached 30 days ago to the hour",
        { fields: ordinary, ...milestone("lifetime_spend", "5000.0000", 29.99) },
        true,
      ],
    ])("%s", (_name, extra, expected) => {
      expect(member(extra)).toBe(expected);
    });

    it("the CLV variant ranks by predicted CLV", () => {
      const clvCuts = parseTopCuts({ rfm: [], predictedClv: Array.from({ length: 50 }, () => "750") });
      const rule = pillarSegment("loyalty", "top-clv");
      expect(evaluateSegment(rule, facts({ topCuts: clvCuts, fields: { predictedClv: 750 } }), NOW)).toBe(true);
      expect(evaluateSegment(rule, facts({ topCuts: clvCuts, fields: { predictedClv: 749.9 } }), NOW)).toBe(false);
    });
  });

  it("loyalty high RFM needs all three scores at 4 or more", () => {
    const rule = pillarSegment("loyalty", "high-rfm");
    expect(evaluateSegment(rule, facts({ fields: { rScore: 4, fScore: 5, mScore: 4 } }), NOW)).toBe(true);
    expect(evaluateSegment(rule, facts({ fields: { rScore: 4, fScore: 3, mScore: 5 } }), NOW)).toBe(false);
  });

  it.each([7, 14, 30])("lifecycle day-%i selects last orders exactly that many days ago", (days) => {
    const rule = pillarSegment("lifecycle", `day-${days}`);
    expect(evaluateSegment(rule, facts({ fields: { lastOrderAt: daysAgo(days + 0.5) } }), NOW)).toBe(true);
    expect(evaluateSegment(rule, facts({ fields: { lastOrderAt: daysAgo(days - 0.5) } }), NOW)).toBe(false);
  });
});
