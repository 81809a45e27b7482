// CLS from layout shifts as Chrome groups them (no browser needed): the largest session window.
import { describe, expect, it } from "vitest";
import { cumulativeLayoutShift, lcpChecked } from "./support/web-vitals";

describe("cumulative layout shift", () => {
  it("is 0 without shifts", () => {
    expect(cumulativeLayoutShift([])).toBe(0);
  });

  it("sums shifts less than 1 s apart into one window", () => {
    expect(
      cumulativeLayoutShift([
        { startTime: 100, value: 0.05 },
        { startTime: 900, value: 0.04 },
        { startTime: 1800, value: 0.02 },
      ]),
    ).toBeCloseTo(0.11, 10);
  });

  it("starts a new window after a 1 s gap and keeps the largest window, not the total", () => {
    expect(
      cumulativeLayoutShift([
        { startTime: 100, value: 0.05 },
        { startTime: 1200, value: 0.07 },
        { startTime: 1300, value: 0.01 },
      ]),
    ).toBeCloseTo(0.08, 10);
  });

  it("closes a window at 5 s even without a gap", () => {
    const shifts = Array.from({ length: 12 }, (_, i) => ({ startTime: i * 500, value: 0.01 }));
    expect(cumulativeLayoutShift(shifts)).toBeCloseTo(0.1, 10);
  });
});

describe("when LCP is held to its target", () => {
  it("only while the load average is at most the number of cores", () => {
    expect(lcpChecked(1.9, 2)).toBe(true);
    expect(lcpChecked(2, 2)).toBe(true);
    expect(lcpChecked(2.1, 2)).toBe(false);
  });
});
