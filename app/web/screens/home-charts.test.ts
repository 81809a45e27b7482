import { describe, expect, it } from "vitest";
import { bandLabel, clvBands, CLV_EDGES, stageCounts, STAGE_ORDER } from "./home-charts";

describe("customers by lifecycle stage", () => {
  it("lists every stage once in journey order, zero when absent, ignoring unknown stages", () => {
    const counts = stageCounts([
      { stage: "lapsed", customers: 3 },
      { stage: "vip", customers: 2 },
      { stage: "mystery", customers: 9 },
    ]);
    expect(counts.map((c) => c.stage)).toEqual([...STAGE_ORDER]);
    expect(Object.fromEntries(counts.map((c) => [c.stage, c.customers]))).toEqual({
      prospect: 0,
      new: 0,
      active: 0,
      vip: 2,
      at_risk: 0,
      lapsed: 3,
    });
  });
});

describe("predicted CLV bands", () => {
  it("maps width_bucket's buckets to bands: 0 below the first edge, the last open-ended", () => {
    const bands = clvBands([
      { bucket: 0, customers: 5 },
      { bucket: 2, customers: 7 },
      { bucket: CLV_EDGES.length, customers: 1 },
    ]);
    expect(bands).toHaveLength(CLV_EDGES.length + 1);
    expect(bands[0]).toEqual({ from: 0, to: 25, customers: 5 });
    expect(bands[1]).toEqual({ from: 25, to: 50, customers: 0 });
    expect(bands[2]).toEqual({ from: 50, to: 100, customers: 7 });
    expect(bands.at(-1)).toEqual({ from: 1000, to: null, customers: 1 });
  });

  it("labels bands with the money format passed in", () => {
    const usd = (v: number) => `$${v.toLocaleString("en-US")}`;
    expect(bandLabel({ from: 25, to: 50, customers: 0 }, usd)).toBe("$25–$50");
    expect(bandLabel({ from: 1000, to: null, customers: 0 }, usd)).toBe("$1,000+");
  });
});
