// Lifecycle stage, first matching rule wins (thresholds in config.ts, docs/decisions/0022):
// prospect (no counted order) > lapsed > at_risk > vip > new > active.
import type { LifecycleConfig } from "./config";

export type LifecycleStage = "prospect" | "lapsed" | "at_risk" | "vip" | "new" | "active";

export interface LifecycleInput {
  orderCount: number;
  tenureDays: number | null;
  daysSinceLast: number | null;
  fScore: number | null;
  mScore: number | null;
}

export function lifecycleStage(p: LifecycleInput, config: LifecycleConfig): LifecycleStage {
  if (p.orderCount === 0 || p.daysSinceLast === null || p.tenureDays === null) return "prospect";
  if (p.daysSinceLast >= config.lapsedAfterDays) return "lapsed";
  if (p.daysSinceLast >= config.atRiskAfterDays) return "at_risk";
  if ((p.mScore ?? 0) >= config.vipMinMScore && (p.fScore ?? 0) >= config.vipMinFScore) return "vip";
  if (p.tenureDays < config.newWithinDays) return "new";
  return "active";
}
