import { describe, expect, it } from "vitest";
import { wilsonInterval } from "~/attribution/rules/stats";
import { conversionSeries, pillarRevenueSeries } from "./reports-charts";

describe("conversion over time, messaged vs held out", () => {
  const points = [
    { period: "2026-11-01", messaged: 40, messagedConverted: 4, heldOut: 5, heldOutConverted: 0 },
    { period: "2026-11-02", messaged: 10, messagedConverted: 1, heldOut: 0, heldOutConverted: 0 },
  ];

  it("gives each period's rate per arm, and no rate (not 0%) when nobody was in the arm", () => {
    const series = conversionSeries(points);
    expect(series.map((s) => s.name)).toEqual(["Messaged", "Held out"]);
    expect(series[0].points).toEqual([
      { label: "2026-11-01", value: 0.1 },
      { label: "2026-11-02", value: 0.1 },
    ]);
    expect(series[1].points).toEqual([
      { label: "2026-11-01", value: 0 },
      { label: "2026-11-02", value: null },
    ]);
  });

  it("carries each rate's 95% Wilson interval for the band, none where the arm is empty", () => {
    const [messaged, heldOut] = conversionSeries(points);
    const first = wilsonInterval(4, 40);
    expect(messaged.interval).toEqual({
      name: "Messaged, 95% interval",
      low: [first.low, wilsonInterval(1, 10).low],
      high: [first.high, wilsonInterval(1, 10).high],
    });
    expect(first.low).toBeLessThan(0.1);
    expect(first.high).toBeGreaterThan(0.1);
    expect(heldOut.interval?.name).toBe("Held out, 95% interval");
    expect(heldOut.interval?.low).toEqual([0, null]);
    expect(heldOut.interval?.high[0]).toBeCloseTo(0.4345, 3);
    expect(heldOut.interval?.high[1]).toBeNull();
  });

  it("is two empty series without data", () => {
    expect(conversionSeries([]).map((s) => s.points)).toEqual([[], []]);
  });
});

describe("revenue per pillar", () => {
  it("puts every pillar on the periods any pillar has, in order, 0 where a pillar had none", () => {
    const series = pillarRevenueSeries([
      {
        title: "Loyalty",
        series: [
          { period: "2026-11-03", revenue: "10.50" },
          { period: "2026-11-01", revenue: "5.00" },
        ],
      },
      { title: "Lifecycle", series: [{ period: "2026-11-02", revenue: "7.25" }] },
      { title: "Affinity", series: [] },
    ]);
    expect(series.map((s) => s.name)).toEqual(["Loyalty", "Lifecycle", "Affinity"]);
    expect(series[0].points).toEqual([
      { label: "2026-11-01", value: 5 },
      { label: "2026-11-02", value: 0 },
      { label: "2026-11-03", value: 10.5 },
    ]);
    expect(series[1].points.map((p) => p.value)).toEqual([0, 7.25, 0]);
    expect(series[2].points.map((p) => p.value)).toEqual([0, 0, 0]);
  });

  it("has no periods when no pillar has revenue", () => {
    expect(pillarRevenueSeries([{ title: "Loyalty", series: [] }])[0].points).toEqual([]);
  });
});
