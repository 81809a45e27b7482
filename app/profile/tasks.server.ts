// Background tasks of the intelligence area (wired into app/jobs/registry.server.ts by the lead):
//  - "intelligence.recomputeShop" {shop}: whole-shop recompute; daily (CRONTAB schedule:fanout) and on demand.
//  - "intelligence.refreshCustomer" {shop, customerId}: one customer after an order/refund/return webhook.
// Newly reached milestones are logged and stay queryable by CustomerMilestone.recordedAt.
import type { AppContext } from "~/runtime/app-context.server";
import type { MetricsConfig } from "~/profile/rules/config";
import { metricsConfigFor, readSettings } from "~/shared/settings";
import type { TaskHandler, TaskMap } from "~/jobs/registry.server";
import { parsePayload } from "~/jobs/tasks";
import { defaultRecomputeOptions, recomputeShop } from "./recompute.server";
import { refreshCustomer } from "./refresh.server";
import { REFRESH_WAIT_MS } from "./shop-lock.server";

/** One pending refresh per customer: a later order's replaces it (the refresh reads everything anew). */
export const refreshJobKey = (shop: string, customerId: string | bigint) => `refresh:${shop}:${customerId}`;

/**
 * A refresh that found the shop's recompute running is queued again after this long (0216). The
 * recompute takes a second on a small shop and minutes on 1M customers; each retry is one job.
 */
export const REFRESH_RETRY_MS = 15_000;

/** The shop's milestone thresholds from its settings (Settings screen). */
async function shopConfig(ctx: AppContext, shop: string): Promise<MetricsConfig> {
  const row = await ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  return metricsConfigFor(readSettings(row?.settings ?? {}));
}

/** The refresh task's handler; `waitMs` is how long it waits for a running recompute (tests shorten it). */
export function refreshCustomerTask(waitMs = REFRESH_WAIT_MS): TaskHandler {
  return async (payload, ctx) => {
    const { shop, customerId } = parsePayload("intelligence.refreshCustomer", payload);
    const config = await shopConfig(ctx, shop);
    const result = await refreshCustomer(ctx, shop, BigInt(customerId), config, { waitMs });
    if (result.busy) {
      await ctx.queue.enqueue(
        "intelligence.refreshCustomer",
        { shop, customerId: String(customerId) },
        { jobKey: refreshJobKey(shop, String(customerId)), runAt: new Date(ctx.now().getTime() + REFRESH_RETRY_MS) },
      );
      return;
    }
    if (result.newMilestones.length > 0) {
      ctx.log.info("intelligence.milestones", { customerId: String(customerId), milestones: result.newMilestones });
    }
  };
}

export const intelligenceTasks = {
  "intelligence.recomputeShop": async (payload, ctx) => {
    const { shop } = parsePayload("intelligence.recomputeShop", payload);
    await recomputeShop(ctx, shop, { ...defaultRecomputeOptions, config: await shopConfig(ctx, shop) });
  },
  "intelligence.refreshCustomer": refreshCustomerTask(),
} satisfies TaskMap;
