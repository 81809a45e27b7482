import { describe, expect, it } from "vitest";
import { conversionSeries } from "./reports-charts";

describe("conversion over time, messaged vs held out", () => {
  it("gives each period's rate per arm, and no rate (not 0%) when nobody was in the arm", () => {
    const series = conversionSeries([
      { period: "2026-11-01", messaged: 40, messagedConverted: 4, heldOut: 5, heldOutConverted: 0 },
      { period: "2026-11-02", messaged: 10, messagedConverted: 1, heldOut: 0, heldOutConverted: 0 },
    ]);
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

  it("is two empty series without data", () => {
    expect(conversionSeries([]).map((s) => s.points)).toEqual([[], []]);
  });
});
