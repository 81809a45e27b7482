import { describe, expect, it } from "vitest";
import { defaultMetricsConfig } from "~/profile/rules/config";
import { metricsConfigFor } from "./metrics";
import { SETTINGS_DEFAULTS } from "./schema";

describe("metricsConfigFor", () => {
  it("with the default settings gives the default milestones", () => {
    expect(metricsConfigFor(SETTINGS_DEFAULTS).milestones).toEqual(defaultMetricsConfig.milestones);
  });

  it("replaces each pillar milestone with the merchant's value, keeping smaller steps below it", () => {
    const config = metricsConfigFor({
      ...SETTINGS_DEFAULTS,
      milestoneSpend: 3000,
      milestoneOrders: 4,
      milestoneYears: 3,
    });
    expect(config.milestones).toEqual({ lifetimeSpend: ["1000", "3000"], orderCount: [4], anniversaryYears: [1, 3] });
    expect(config.lifecycle).toEqual(defaultMetricsConfig.lifecycle);
  });
});
