// Merchant-tunable thresholds for lifecycle stages and milestones (docs/decisions/0022-metrics-
// definitions.md). Days are whole days of 24 h measured back from asOf.

export interface LifecycleConfig {
  /** First counted order less than this many days ago: "new". */
  newWithinDays: number;
  /** Last counted order at least this many days ago: "at_risk". */
  atRiskAfterDays: number;
  /** Last counted order at least this many days ago: "lapsed". */
  lapsedAfterDays: number;
  /** "vip": M score and F score at least these (quintiles within the shop). */
  vipMinMScore: number;
  vipMinFScore: number;
}

export interface MilestoneConfig {
  /** Lifetime net spend thresholds, decimal strings in shop currency. */
  lifetimeSpend: string[];
  orderCount: number[];
  /** Anniversaries of the first counted order, in years of 365 days (pillars.md: 2 years = 730 days). */
  anniversaryYears: number[];
}

export interface MetricsConfig {
  lifecycle: LifecycleConfig;
  milestones: MilestoneConfig;
  /** Rolling windows for product affinity, in days. */
  affinityWindows: [number, number, number];
}

export const defaultMetricsConfig: MetricsConfig = {
  lifecycle: { newWithinDays: 30, atRiskAfterDays: 90, lapsedAfterDays: 365, vipMinMScore: 5, vipMinFScore: 4 },
  milestones: { lifetimeSpend: ["1000", "5000"], orderCount: [5, 10], anniversaryYears: [1, 2] },
  affinityWindows: [30, 90, 365],
};

export const DAY_MS = 86_400_000;
