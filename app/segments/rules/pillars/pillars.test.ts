import { describe, expect, it } from "vitest";
import { evaluateSegment, parseSegment } from "~/segments/rules";
import { daysAgo, facts, NOW } from "~/segments/rules/test-facts";
import { PILLAR_IDS, PILLARS, pillarSegment } from "./index";

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
  ])("loyalty milestones: %s", (_name, fields, expected) => {
    expect(evaluateSegment(pillarSegment("loyalty"), facts({ fields }), NOW)).toBe(expected);
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
