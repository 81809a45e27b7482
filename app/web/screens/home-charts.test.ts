import { describe, expect, it } from "vitest";
import {
  bandLabel,
  clvBands,
  CLV_EDGES,
  homeChartsFrom,
  predictedRevenue,
  stageCounts,
  STAGE_ORDER,
  type ProfileGroup,
} from "./home-charts";

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

describe("predicted revenue of the next 90 days", () => {
  it("sums each stage's predictions in journey order, without prospects, to the cent", () => {
    const revenue = predictedRevenue([
      { stage: "vip", revenue: 100.004, customers: 2 },
      { stage: "vip", revenue: 0.1 + 0.2, customers: 1 },
      { stage: "new", revenue: 12.5, customers: 4 },
      { stage: "prospect", revenue: null, customers: 0 },
      { stage: "lapsed", revenue: null, customers: 0 },
    ]);
    expect(revenue.stages.map((s) => s.stage)).toEqual(["new", "active", "vip", "at_risk", "lapsed"]);
    expect(revenue.stages.find((s) => s.stage === "vip")).toEqual({ stage: "vip", revenue: 100.3, customers: 3 });
    expect(revenue.stages.find((s) => s.stage === "lapsed")).toEqual({ stage: "lapsed", revenue: 0, customers: 0 });
    expect(revenue.total).toBe(112.8);
    expect(revenue.predicted).toBe(7);
  });
});

describe("every Home chart from one set of profile groups", () => {
  const group = (over: Partial<ProfileGroup>): ProfileGroup => ({
    stage: "active",
    bucket: null,
    r: null,
    f: null,
    customers: 1,
    revenue90: null,
    predicted90: 0,
    ...over,
  });

  it("folds the groups into stages, CLV bands, the RFM grid and the 90-day revenue", () => {
    const charts = homeChartsFrom([
      group({ stage: "prospect", customers: 3 }),
      group({ stage: "vip", bucket: 6, r: 5, f: 5, customers: 2, revenue90: 300, predicted90: 2 }),
      group({ stage: "vip", bucket: 5, r: 5, f: 4, customers: 1, revenue90: 90, predicted90: 1 }),
      group({ stage: "active", bucket: 2, r: 3, f: 1, customers: 4, revenue90: 20, predicted90: 4 }),
      group({ stage: "lapsed", r: 1, f: 1, customers: 5 }),
    ]);
    expect(charts.profiles).toBe(15);
    expect(charts.stages.find((s) => s.stage === "vip")?.customers).toBe(3);
    expect(charts.clv.map((b) => b.customers)).toEqual([0, 0, 4, 0, 0, 1, 2]);
    expect(charts.clvUnpredicted).toBe(8);
    expect(charts.rfm.cells[0]).toEqual([0, 0, 0, 1, 2]);
    expect(charts.rfm.total).toBe(12);
    expect(charts.revenue90).toMatchObject({ total: 410, predicted: 7 });
  });
});
