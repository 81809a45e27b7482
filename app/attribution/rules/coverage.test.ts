// Coverage of the lift intervals on outcomes drawn from a known model: heterogeneous baseline
// rates, a planted additive effect on conversion and heavy-tailed order values. The 95%
// intervals must cover the true differences in at least 90% of seeds (expected ≈ 95%).
import { describe, expect, it } from "vitest";
import { computeLift, summariseGroup } from "./lift";
import { mulberry32 } from "~sim/util/rng";

const BASE_RATES = [0.02, 0.05, 0.1, 0.2];
const EFFECT = 0.04;
const MEAN_ORDER_VALUE = 60;
// Lognormal order values with mean 60: σ = 1, μ = ln 60 − ½.
const orderValue = (random: () => number) => {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.exp(Math.log(MEAN_ORDER_VALUE) - 0.5 + normal);
};

function simulate(seed: number) {
  const random = mulberry32(seed);
  const messaged: { converted: boolean; revenue: number }[] = [];
  const holdout: { converted: boolean; revenue: number }[] = [];
  for (let i = 0; i < 3000; i++) {
    const base = BASE_RATES[i % BASE_RATES.length];
    const held = random() < 0.1;
    // The effect adds EFFECT to every customer's probability, so the true differences are exact:
    // EFFECT in conversion rate and EFFECT × MEAN_ORDER_VALUE in revenue per customer.
    const converted = random() < base + (held ? 0 : EFFECT);
    const outcome = { converted, revenue: converted ? orderValue(random) : 0 };
    (held ? holdout : messaged).push(outcome);
  }
  return computeLift(summariseGroup(messaged), summariseGroup(holdout));
}

describe("lift interval coverage on a known model", () => {
  it("covers the true conversion and revenue lift in at least 90% of 200 seeds", () => {
    let rateCovered = 0;
    let revenueCovered = 0;
    let reported = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const lift = simulate(seed);
      if (lift.conversionRate.status !== "ok" || lift.revenuePerCustomer.status !== "ok") continue;
      reported += 1;
      const { low, high } = lift.conversionRate.interval;
      if (low <= EFFECT && EFFECT <= high) rateCovered += 1;
      const revenue = lift.revenuePerCustomer.interval;
      if (revenue.low <= EFFECT * MEAN_ORDER_VALUE && EFFECT * MEAN_ORDER_VALUE <= revenue.high) revenueCovered += 1;
    }
    expect(reported).toBe(200);
    expect(rateCovered / reported).toBeGreaterThanOrEqual(0.9);
    expect(revenueCovered / reported).toBeGreaterThanOrEqual(0.9);
  });

  it("would fail with a Wald interval that ignores the holdout's variance (the test can fail)", () => {
    let covered = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const lift = simulate(seed);
      if (lift.conversionRate.status !== "ok") continue;
      const p = lift.conversionRate.messaged;
      const half = 1.96 * Math.sqrt((p * (1 - p)) / lift.messagedCustomers);
      if (Math.abs(lift.conversionRate.difference - EFFECT) <= half) covered += 1;
    }
    expect(covered / 200).toBeLessThan(0.9);
  });
});
