// Background tasks of the intelligence area (wired into app/jobs/registry.server.ts by the lead):
//  - "intelligence.recomputeShop" {shop}: whole-shop recompute; daily (CRONTAB schedule:fanout) and on demand.
//  - "intelligence.refreshCustomer" {shop, customerId}: one customer after an order/refund/return webhook.
// Newly reached milestones are logged and stay queryable by CustomerMilestone.recordedAt.
import type { AppContext } from "~/runtime/app-context.server";
import type { MetricsConfig } from "~/profile/rules/config";
import { metricsConfigFor, readSettings } from "~/shared/settings";
import type { TaskMap } from "~/jobs/registry.server";
import { parsePayload } from "~/jobs/tasks";
import { defaultRecomputeOptions, recomputeShop } from "./recompute.server";
import { refreshCustomer } from "./refresh.server";

/** The shop's milestone thresholds from its settings (Settings screen). */
async function shopConfig(ctx: AppContext, shop: string): Promise<MetricsConfig> {
  const row = await ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  return metricsConfigFor(readSettings(row?.settings ?? {}));
}

export const intelligenceTasks = {
  "intelligence.recomputeShop": async (payload, ctx) => {
    const { shop } = parsePayload("intelligence.recomputeShop", payload);
    await recomputeShop(ctx, shop, { ...defaultRecomputeOptions, config: await shopConfig(ctx, shop) });
  },
  "intelligence.refreshCustomer": async (payload, ctx) => {
    const { shop, customerId } = parsePayload("intelligence.refreshCustomer", payload);
    const result = await refreshCustomer(ctx, shop, BigInt(customerId), await shopConfig(ctx, shop));
    if (result.newMilestones.length > 0) {
      ctx.log.info("intelligence.milestones", { customerId: String(customerId), milestones: result.newMilestones });
    }
  },
} satisfies TaskMap;
