// Holdout lift for one campaign (or a pillar's pooled campaigns): the messaged group against
// the holdout group, with 95% intervals, or an explicit "not enough data yet".
// Rule and method: docs/decisions/0061-lift-statistics.md.
import { moments, newcombeDifference, welchDifference, type Interval } from "./stats";

/** One arm's per-customer outcomes, as summed by SQL or by summariseGroup. */
export interface GroupSummary {
  customers: number;
  /** Customers with at least one qualifying order inside their window. */
  converted: number;
  /** Mean revenue per customer (zeros included). */
  revenueMean: number;
  /** Sample variance of revenue per customer (zeros included). */
  revenueVariance: number;
}

/** Below these, the report says "not enough data yet" instead of a number. */
export const LIFT_THRESHOLDS = {
  /** Customers in each group. */
  minCustomersPerGroup: 30,
  /** Converted customers across both groups, for the conversion-rate difference. */
  minConversionsOverall: 10,
  /** Converted customers in each group, for revenue per customer (its variance comes from them). */
  minConversionsPerGroupForRevenue: 5,
} as const;

export const NOT_ENOUGH_DATA_RULE =
  `Lift is shown once each group has at least ${LIFT_THRESHOLDS.minCustomersPerGroup} customers and at least ` +
  `${LIFT_THRESHOLDS.minConversionsOverall} customers have converted across both groups; revenue per customer also needs ` +
  `at least ${LIFT_THRESHOLDS.minConversionsPerGroupForRevenue} converted customers in each group.`;

export type Estimate =
  | { status: "ok"; messaged: number; holdout: number; difference: number; interval: Interval }
  | { status: "insufficient"; reason: string };

export interface Lift {
  messagedCustomers: number;
  holdoutCustomers: number;
  conversionRate: Estimate;
  revenuePerCustomer: Estimate;
}

function sizeProblem(messaged: GroupSummary, holdout: GroupSummary): string | null {
  const min = LIFT_THRESHOLDS.minCustomersPerGroup;
  if (messaged.customers < min || holdout.customers < min) {
    return `needs at least ${min} customers in each group (messaged ${messaged.customers}, holdout ${holdout.customers})`;
  }
  const conversions = messaged.converted + holdout.converted;
  if (conversions < LIFT_THRESHOLDS.minConversionsOverall) {
    return `needs at least ${LIFT_THRESHOLDS.minConversionsOverall} converted customers across both groups (so far ${conversions})`;
  }
  return null;
}

export function computeLift(messaged: GroupSummary, holdout: GroupSummary): Lift {
  const base = { messagedCustomers: messaged.customers, holdoutCustomers: holdout.customers };
  const problem = sizeProblem(messaged, holdout);
  if (problem) {
    const insufficient: Estimate = { status: "insufficient", reason: problem };
    return { ...base, conversionRate: insufficient, revenuePerCustomer: insufficient };
  }
  const rates = newcombeDifference(messaged.converted, messaged.customers, holdout.converted, holdout.customers);
  const conversionRate: Estimate = {
    status: "ok",
    messaged: messaged.converted / messaged.customers,
    holdout: holdout.converted / holdout.customers,
    difference: rates.estimate,
    interval: { low: rates.low, high: rates.high },
  };
  const minRevenue = LIFT_THRESHOLDS.minConversionsPerGroupForRevenue;
  if (messaged.converted < minRevenue || holdout.converted < minRevenue) {
    return {
      ...base,
      conversionRate,
      revenuePerCustomer: {
        status: "insufficient",
        reason: `needs at least ${minRevenue} converted customers in each group (messaged ${messaged.converted}, holdout ${holdout.converted})`,
      },
    };
  }
  const revenue = welchDifference(
    { n: messaged.customers, mean: messaged.revenueMean, variance: messaged.revenueVariance },
    { n: holdout.customers, mean: holdout.revenueMean, variance: holdout.revenueVariance },
  );
  return {
    ...base,
    conversionRate,
    revenuePerCustomer: {
      status: "ok",
      messaged: messaged.revenueMean,
      holdout: holdout.revenueMean,
      difference: revenue.estimate,
      interval: { low: revenue.low, high: revenue.high },
    },
  };
}

/** Summarise one arm from per-customer outcomes (revenue 0 for customers who did not convert). */
export function summariseGroup(outcomes: readonly { converted: boolean; revenue: number }[]): GroupSummary {
  const revenue = moments(outcomes.map((outcome) => outcome.revenue));
  return {
    customers: outcomes.length,
    converted: outcomes.filter((outcome) => outcome.converted).length,
    revenueMean: revenue.mean,
    revenueVariance: revenue.variance,
  };
}
