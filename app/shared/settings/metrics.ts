// The merchant's milestone settings applied to the metrics engine: the merchant's value replaces
// the pillar milestone of each kind; smaller default milestones stay as earlier steps.
import { defaultMetricsConfig, type MetricsConfig } from "~/profile/rules/config";
import type { MerchantSettings } from "./schema";

function steps<T>(defaults: readonly T[], chosen: T, value: (v: T) => number): T[] {
  const top = Math.max(...defaults.map(value));
  const kept = defaults.filter((d) => value(d) < value(chosen) && value(d) < top);
  return [...kept, chosen];
}

export function metricsConfigFor(
  settings: MerchantSettings,
  base: MetricsConfig = defaultMetricsConfig,
): MetricsConfig {
  return {
    ...base,
    milestones: {
      lifetimeSpend: steps(base.milestones.lifetimeSpend, String(settings.milestoneSpend), Number),
      orderCount: steps(base.milestones.orderCount, settings.milestoneOrders, Number),
      anniversaryYears: steps(base.milestones.anniversaryYears, settings.milestoneYears, Number),
    },
  };
}
