import { describe, expect, it } from "vitest";
import { expectedPurchases, probabilityAlive } from "./bgnbd";
import { expectedOrderValue } from "./gamma-gamma";
import { predictClv } from "./predict";
import { hyp2f1, lnGamma } from "./special";

const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe("special functions", () => {
  it("lnGamma matches factorials and Γ(1/2)", () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 11);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(0.25)).toBeCloseTo(Math.log(3.625609908221908), 13);
  });

  it("2F1 matches closed forms", () => {
    // 2F1(1,1;2;z) = -ln(1-z)/z
    expect(hyp2f1(1, 1, 2, 0.9)).toBeCloseTo(-Math.log(0.1) / 0.9, 12);
    // 2F1(a,b;b;z) = (1-z)^-a
    expect(hyp2f1(2.5, 3, 3, 0.5)).toBeCloseTo(0.5 ** -2.5, 12);
  });
});

describe("BG/NBD conditional predictions (CDNOW estimates)", () => {
  // Hardie's BG/NBD Excel sheet: customer x=2, t_x=30.43, T=38.86 expects 1.226 purchases in 39 weeks.
  it("reproduces Hardie's spreadsheet conditional expectation", () => {
    expect(expectedPurchases(cdnow, 39, 2, 30.43, 38.86).toFixed(3)).toBe("1.226");
  });

  it("P(alive) is 1 without repeats and falls with time since the last purchase", () => {
    expect(probabilityAlive(cdnow, 0, 0, 38)).toBe(1);
    const recent = probabilityAlive(cdnow, 4, 37, 38);
    const old = probabilityAlive(cdnow, 4, 10, 38);
    expect(recent).toBeGreaterThan(old);
    // by hand: 1 / (1 + 0.793/5.426 * ((4.414+38)/(4.414+10))^4.243)
    expect(old).toBeCloseTo(1 / (1 + (0.793 / 5.426) * (42.414 / 14.414) ** 4.243), 12);
  });
});

describe("Gamma-Gamma and CLV", () => {
  it("expected order value shrinks the customer's mean toward the population mean", () => {
    const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
    expect(expectedOrderValue(gg, 2, 22.35)).toBeCloseTo((6.25 * (15.44 + 44.7)) / (12.5 + 2.74), 12);
    expect(expectedOrderValue(gg, 0, 0)).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });

  it("CLV is purchases times value; discounting lowers it", () => {
    const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
    const daily = { ...cdnow, alpha: cdnow.alpha * 7 };
    const plain = predictClv(daily, gg, { x: 3, tx: 200, T: 270, zbar: 30 });
    expect(plain.clv).toBeCloseTo(plain.predictedPurchases * plain.expectedOrderValue, 10);
    const discounted = predictClv(
      daily,
      gg,
      { x: 3, tx: 200, T: 270, zbar: 30 },
      { months: 12, annualDiscountRate: 0.1 },
    );
    expect(discounted.clv).toBeLessThan(plain.clv);
    expect(discounted.clv).toBeGreaterThan(plain.clv / 1.1);
  });
});
