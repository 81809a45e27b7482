// Shopify Marketing tasks (decision 0175): the activity call after a campaign is activated or
// paused, and the hourly engagement report (each shop's finished days, whatever its time zone).
import type { AppContext } from "~/runtime/app-context.server";
import { env } from "~/env.server";
import type { TaskMap } from "~/jobs/registry.server";
import { parsePayload } from "~/jobs/tasks";
import { syncActivity } from "./activity.server";
import { reportEngagement } from "./engagement.server";

export const marketingTasks = {
  "marketing.syncActivity": async (payload: unknown, ctx: AppContext) => {
    const { shop, campaignId } = parsePayload("marketing.syncActivity", payload);
    await syncActivity(ctx, shop, campaignId, env().SHOPIFY_APP_URL);
  },
  "marketing.reportEngagement": async (payload: unknown, ctx: AppContext) => {
    const { shop } = parsePayload("marketing.reportEngagement", payload);
    // Activities Shopify has not accepted yet (a refusal, a lost job) are tried again first.
    const behind = await ctx.db.pool.query<{ campaignId: string }>(
      `SELECT "campaignId" FROM "MarketingActivity"
        WHERE shop = $1 AND ("activityId" IS NULL OR synced IS DISTINCT FROM desired OR "lastError" IS NOT NULL)`,
      [shop],
    );
    for (const { campaignId } of behind.rows) {
      await ctx.queue.enqueue(
        "marketing.syncActivity",
        { shop, campaignId },
        { jobKey: `marketing.syncActivity:${campaignId}`, queueName: `marketing:${shop}` },
      );
    }
    await reportEngagement(ctx, shop);
  },
} satisfies TaskMap;
