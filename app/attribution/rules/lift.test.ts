import { describe, expect, it } from "vitest";
import { computeLift, LIFT_THRESHOLDS, NOT_ENOUGH_DATA_RULE, summariseGroup, type GroupSummary } from "./lift";

function group(customers: number, converted: number, revenueMean = 0, revenueVariance = 0): GroupSummary {
  return { customers, converted, revenueMean, revenueVariance };
}

describe("computeLift", () => {
  it("reports the rate difference with Newcombe's interval and both sample sizes", () => {
    // 56/70 against 48/80: Newcombe 1998 example (a), interval 0.0524 to 0.3339
    const lift = computeLift(group(70, 56, 40, 900), group(80, 48, 30, 800));
    expect(lift.messagedCustomers).toBe(70);
    expect(lift.holdoutCustomers).toBe(80);
    expect(lift.conversionRate).toEqual({
      status: "ok",
      messaged: 0.8,
      holdout: 0.6,
      difference: expect.closeTo(0.2, 10),
      interval: { low: expect.closeTo(0.0524, 4), high: expect.closeTo(0.3339, 4) },
    });
  });

  it("reports revenue per customer with Welch's interval", () => {
    // se = sqrt(900/70 + 800/80) = sqrt(22.857143) = 4.780914;
    // df = 22.857143² / ((12.857143²)/69 + 10²/79) = 522.449/(2.395740 + 1.265823) = 142.685
    // t(0.975, 142.7) = 1.97669 (Cornish–Fisher; table: 1.977) → half-width 9.4504
    const lift = computeLift(group(70, 56, 40, 900), group(80, 48, 30, 800));
    expect(lift.revenuePerCustomer.status).toBe("ok");
    if (lift.revenuePerCustomer.status !== "ok") return;
    expect(lift.revenuePerCustomer.difference).toBe(10);
    expect(lift.revenuePerCustomer.interval.low).toBeCloseTo(10 - 9.4504, 2);
    expect(lift.revenuePerCustomer.interval.high).toBeCloseTo(10 + 9.4504, 2);
  });

  it("says not enough data while a group is under the minimum size", () => {
    const lift = computeLift(group(500, 100), group(LIFT_THRESHOLDS.minCustomersPerGroup - 1, 10));
    expect(lift.conversionRate).toEqual({ status: "insufficient", reason: expect.stringContaining("holdout 29") });
    expect(lift.revenuePerCustomer.status).toBe("insufficient");
    expect(lift.holdoutCustomers).toBe(29);
  });

  it("says not enough data while too few customers have converted overall", () => {
    const lift = computeLift(group(300, 6), group(40, 3));
    expect(lift.conversionRate).toEqual({ status: "insufficient", reason: expect.stringContaining("so far 9") });
  });

  it("gives the rate but withholds revenue while a group has under five converters", () => {
    const lift = computeLift(group(300, 30, 5, 400), group(40, 4, 3, 200));
    expect(lift.conversionRate.status).toBe("ok");
    expect(lift.revenuePerCustomer).toEqual({ status: "insufficient", reason: expect.stringContaining("holdout 4") });
  });

  it("states its rule with the thresholds it applies", () => {
    expect(NOT_ENOUGH_DATA_RULE).toContain(`at least ${LIFT_THRESHOLDS.minCustomersPerGroup} customers`);
  });
});

describe("summariseGroup", () => {
  it("counts converters and takes revenue moments with zeros included", () => {
    const summary = summariseGroup([
      { converted: true, revenue: 30 },
      { converted: false, revenue: 0 },
      { converted: true, revenue: 0 },
      { converted: false, revenue: 0 },
    ]);
    // mean 7.5; variance = (22.5² + 3·7.5²)/3 = (506.25 + 168.75)/3 = 225
    expect(summary).toEqual({ customers: 4, converted: 2, revenueMean: 7.5, revenueVariance: 225 });
  });
});
