// The pictures on Home (pure): customers by lifecycle stage in the customer's journey order, the
// predicted-CLV distribution in bands of the shop's currency, the RFM grid and the predicted revenue
// of the next 90 days (home-rfm.ts), all folded from one set of grouped profile counts.
import type { LifecycleStage } from "~/profile/rules/lifecycle";
import { rfmGrid, type RfmGrid } from "./home-rfm";

/** The journey order, not the rule order of profile/rules/lifecycle.ts. */
export const STAGE_ORDER: readonly LifecycleStage[] = ["prospect", "new", "active", "vip", "at_risk", "lapsed"];

export interface StageCount {
  stage: LifecycleStage;
  customers: number;
}

/** Every stage once, in journey order, zero when absent; unknown stages are left out. */
export function stageCounts(rows: readonly { stage: string; customers: number }[]): StageCount[] {
  return STAGE_ORDER.map((stage) => ({
    stage,
    customers: rows.filter((r) => r.stage === stage).reduce((sum, r) => sum + r.customers, 0),
  }));
}

/** Upper edges of the predicted-CLV bands (shop currency); the last band is open-ended. */
export const CLV_EDGES: readonly number[] = [25, 50, 100, 250, 500, 1000];

export interface ClvBand {
  /** Lower bound (inclusive) and upper bound (exclusive; null: and above). */
  from: number;
  to: number | null;
  customers: number;
}

/**
 * Bands from PostgreSQL's width_bucket(value, CLV_EDGES) counts: bucket 0 is below the first edge,
 * bucket i is [edge i-1, edge i), the last is the first edge and above. Every band is listed.
 */
export function clvBands(rows: readonly { bucket: number; customers: number }[]): ClvBand[] {
  const edges = [0, ...CLV_EDGES];
  return edges.map((from, i) => ({
    from,
    to: i < CLV_EDGES.length ? CLV_EDGES[i] : null,
    customers: rows.filter((r) => r.bucket === i).reduce((sum, r) => sum + r.customers, 0),
  }));
}

/** "$25–$50", "$1,000+", with the shop's money format passed in. */
export function bandLabel(band: ClvBand, money: (v: number) => string): string {
  return band.to === null ? `${money(band.from)}+` : `${money(band.from)}–${money(band.to)}`;
}

export interface StageRevenue {
  stage: LifecycleStage;
  /** Σ expected orders in 90 days × expected order value, in the shop's currency; 0 when nobody. */
  revenue: number;
  /** Customers of the stage with a prediction. */
  customers: number;
}

export interface PredictedRevenue {
  /** Stages that can have a prediction (a prospect has no order to predict from), journey order. */
  stages: StageRevenue[];
  total: number;
  /** Customers with a prediction. */
  predicted: number;
}

/** Cents are the most a prediction can claim (and float sums carry noise below them). */
const cents = (v: number) => Math.round(v * 100) / 100;

export function predictedRevenue(
  rows: readonly { stage: string; revenue: number | null; customers: number }[],
): PredictedRevenue {
  const stages = STAGE_ORDER.filter((s) => s !== "prospect").map((stage) => {
    const mine = rows.filter((r) => r.stage === stage);
    return {
      stage,
      revenue: cents(mine.reduce((sum, r) => sum + (r.revenue ?? 0), 0)),
      customers: mine.reduce((sum, r) => sum + r.customers, 0),
    };
  });
  return {
    stages,
    total: cents(stages.reduce((sum, s) => sum + s.revenue, 0)),
    predicted: stages.reduce((sum, s) => sum + s.customers, 0),
  };
}

/** One group of the shop's profiles by (stage, CLV band, R score, F score) (home-charts.server.ts). */
export interface ProfileGroup {
  stage: string;
  /** width_bucket of predictedClv over CLV_EDGES; null without a prediction. */
  bucket: number | null;
  r: number | null;
  f: number | null;
  customers: number;
  /** Σ expected orders in the next 90 days × expected order value; null when none is predicted. */
  revenue90: number | null;
  /** Customers of the group with a 90-day prediction. */
  predicted90: number;
}

export interface HomeCharts {
  stages: StageCount[];
  clv: ClvBand[];
  /** Customers with a profile but no prediction (too little history for the model). */
  clvUnpredicted: number;
  rfm: RfmGrid;
  revenue90: PredictedRevenue;
  /** Every profile counted (the sync card's "profiles computed"). */
  profiles: number;
}

export function homeChartsFrom(groups: readonly ProfileGroup[]): HomeCharts {
  const predicted = groups.filter((g) => g.bucket !== null);
  return {
    stages: stageCounts(groups),
    clv: clvBands(predicted.map((g) => ({ bucket: g.bucket ?? 0, customers: g.customers }))),
    clvUnpredicted: groups.filter((g) => g.bucket === null).reduce((sum, g) => sum + g.customers, 0),
    rfm: rfmGrid(groups),
    revenue90: predictedRevenue(
      groups.map((g) => ({ stage: g.stage, revenue: g.revenue90, customers: g.predicted90 })),
    ),
    profiles: groups.reduce((sum, g) => sum + g.customers, 0),
  };
}
