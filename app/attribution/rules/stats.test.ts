import { describe, expect, it } from "vitest";
import { moments, newcombeDifference, tQuantile, welchDifference, wilsonInterval } from "./stats";

describe("wilsonInterval", () => {
  it("matches the hand-computed score interval", () => {
    // p = 81/263 = 0.30798; centre = (81 + 1.92073)/(263 + 3.84146) = 0.31075;
    // half = 1.95996·sqrt(81·182/263 + 0.96036)/266.84146 = 0.05546
    const interval = wilsonInterval(81, 263);
    expect(interval.low).toBeCloseTo(0.2553, 4);
    expect(interval.high).toBeCloseTo(0.3662, 4);
  });

  it("gives a real interval at zero successes and the whole range with no trials", () => {
    // 0/10: high = z²/(n + z²) = 3.84146/13.84146
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.27753, 5) });
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe("newcombeDifference (hybrid score, Newcombe 1998 table II, method 10)", () => {
  const cases: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ];
  it.each(cases)("%i/%i − %i/%i → [%f, %f]", (x1, n1, x2, n2, low, high) => {
    const result = newcombeDifference(x1, n1, x2, n2);
    expect(result.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 10);
    expect(result.low).toBeCloseTo(low, 4);
    expect(result.high).toBeCloseTo(high, 4);
  });
});

describe("tQuantile", () => {
  it.each([
    [5, 2.5706],
    [10, 2.2281],
    [30, 2.0423],
    [100, 1.984],
  ])("df %i → %f (published table)", (df, expected) => {
    expect(Math.abs(tQuantile(df) - expected)).toBeLessThan(1e-3);
  });

  it("falls back to the normal quantile for infinite df", () => {
    expect(tQuantile(Infinity)).toBeCloseTo(1.96, 2);
  });
});

describe("welchDifference", () => {
  it("matches a hand computation with df = 10", () => {
    // means 3.5 and 2.5, both variances 3.5, n = 6: se = sqrt(7/6) = 1.08012, df = 2(n − 1) = 10,
    // half-width = t(0.975, 10)·se = 2.22814·1.08012 = 2.40666
    const a = moments([1, 2, 3, 4, 5, 6]);
    const b = moments([0, 1, 2, 3, 4, 5]);
    expect(a).toEqual({ n: 6, mean: 3.5, variance: expect.closeTo(3.5, 12) });
    const result = welchDifference(a, b);
    expect(result.estimate).toBeCloseTo(1, 12);
    expect(result.standardError).toBeCloseTo(1.08012, 5);
    expect(result.df).toBeCloseTo(10, 10);
    expect(result.low).toBeCloseTo(-1.4067, 3);
    expect(result.high).toBeCloseTo(3.4067, 3);
  });

  it("uses Welch–Satterthwaite df for unequal variances", () => {
    // [0,0,10,30]: mean 10, var 200; [0,0,0,0,20]: mean 4, var 80.
    // se² = 200/4 + 80/5 = 66; df = 66²/(50²/3 + 16²/4) = 4356/897.333 = 4.85438
    const result = welchDifference(moments([0, 0, 10, 30]), moments([0, 0, 0, 0, 20]));
    expect(result.standardError).toBeCloseTo(Math.sqrt(66), 10);
    expect(result.df).toBeCloseTo(4.85438, 4);
  });
});
