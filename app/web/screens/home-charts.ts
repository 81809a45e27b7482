// The pictures on Home (pure): customers by lifecycle stage in the customer's journey order, and
// the predicted-CLV distribution in bands of the shop's currency.
import type { LifecycleStage } from "~/profile/rules/lifecycle";

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
