import { describe, expect, it } from "vitest";
import { evaluateSegment } from "./evaluate";
import { explainSegment } from "./explain";
import { facts, NOW } from "./test-facts";
import { parseTopCuts, type TopCuts } from "./top";
import { parseSegment } from "./validate";

// A shop of 20 ranked customers: cuts as the recompute writes them (rank ceil(20·p/100), best first).
// p = 10 → rank 2; p = 25 → rank 5.
const cuts: TopCuts = parseTopCuts({
  rfm: Array.from({ length: 50 }, (_, i) => (i === 9 ? [13, "850.5"] : i === 24 ? [11, "200"] : [15, "9000"])),
  predictedClv: Array.from({ length: 50 }, (_, i) => (i === 9 ? "612.25" : "1000")),
});
const customer = (fields: Record<string, string | number | null>, topCuts: TopCuts | null = cuts) =>
  facts({ fields, topCuts });

describe("top rule", () => {
  const rfm10 = { type: "top", by: "rfm", percent: 10 } as const;
  const clv10 = { type: "top", by: "predictedClv", percent: 10 } as const;

  it.each([
    ["a higher R+F+M", { rScore: 5, fScore: 4, mScore: 5, netSpend: "10" }, true],
    [
      "the same R+F+M and the same net spend as the cut",
      { rScore: 5, fScore: 3, mScore: 5, netSpend: "850.5000" },
      true,
    ],
    ["the same R+F+M, more net spend", { rScore: 4, fScore: 4, mScore: 5, netSpend: "850.51" }, true],
    ["the same R+F+M, less net spend", { rScore: 4, fScore: 4, mScore: 5, netSpend: "850.4999" }, false],
    ["a lower R+F+M, whatever the spend", { rScore: 4, fScore: 4, mScore: 4, netSpend: "99999" }, false],
    ["no scores (no counted order)", { rScore: null, fScore: null, mScore: null, netSpend: "0" }, false],
  ])("rfm: %s", (_name, fields, expected) => {
    expect(evaluateSegment(rfm10, customer(fields), NOW)).toBe(expected);
  });

  it("reads the cut of the percent asked for", () => {
    const fields = { rScore: 4, fScore: 4, mScore: 4, netSpend: "300" };
    expect(evaluateSegment({ ...rfm10, percent: 25 }, customer(fields), NOW)).toBe(true);
    expect(evaluateSegment(rfm10, customer(fields), NOW)).toBe(false);
  });

  it("predicted CLV: at or above the cut", () => {
    expect(evaluateSegment(clv10, customer({ predictedClv: 612.25 }), NOW)).toBe(true);
    expect(evaluateSegment(clv10, customer({ predictedClv: 612.2499 }), NOW)).toBe(false);
    expect(evaluateSegment(clv10, customer({ predictedClv: null }), NOW)).toBe(false);
  });

  it("matches nobody before the first recompute", () => {
    const best = { rScore: 5, fScore: 5, mScore: 5, netSpend: "1", predictedClv: 1e9 };
    for (const rule of [rfm10, clv10]) {
      expect(evaluateSegment(rule, customer(best, null), NOW)).toBe(false);
      expect(evaluateSegment(rule, customer(best, parseTopCuts({})), NOW)).toBe(false);
    }
  });

  it("explains the customer's measure against the cut, in words", () => {
    const e = explainSegment(rfm10, customer({ rScore: 4, fScore: 4, mScore: 5, netSpend: "900" }), NOW, {
      currency: "EUR",
    });
    expect(e).toMatchObject({ matched: true, rule: "in the top 10% of customers by RFM score" });
    expect(e.value).toBe("R+F+M 13 with €900 net spend; the top 10% starts at R+F+M 13 with €850.50 net spend");
    expect(explainSegment(clv10, customer({ predictedClv: null }, null), NOW).value).toBe(
      "the shop's customers have not been ranked yet",
    );
  });

  it("validates by and a whole percent from 1 to 50", () => {
    expect(parseSegment(rfm10).ok).toBe(true);
    for (const bad of [
      { ...rfm10, percent: 0 },
      { ...rfm10, percent: 51 },
      { ...rfm10, percent: 9.5 },
      { ...rfm10, by: "aov" },
      { type: "top", by: "rfm" },
    ])
      expect(parseSegment(bad).ok, JSON.stringify(bad)).toBe(false);
  });

  it("ignores malformed stored cuts", () => {
    expect(parseTopCuts({ rfm: [[13, 12], "x", [1.5, "1"]], predictedClv: [12, "abc", "7.5"] })).toEqual({
      rfm: [null, null, null],
      predictedClv: [null, null, 7.5],
    });
    expect(parseTopCuts("nope")).toEqual({ rfm: [], predictedClv: [] });
  });
});
