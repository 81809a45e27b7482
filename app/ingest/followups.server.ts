// Work other areas do after the store changes for a customer (they implement the tasks).
// Ids travel as strings: job payloads are JSON.
import type { AppContext } from "~/runtime/app-context.server";
import { attributeOrderJob, resultsTasks } from "~/attribution/tasks.server";
import { campaignTasks } from "~/campaigns/tasks.server";
import { runNowOrQueue } from "~/jobs/inline.server";
import { enqueueAll, type JobSpec } from "~/jobs/queue";
import type { TaskMap } from "~/jobs/registry.server";
import { intelligenceTasks, refreshJobKey } from "~/profile/tasks.server";
import { purchaseStatsJobKey, segmentTasks } from "~/segments/tasks.server";

/** Up to this many orders (one webhook's worth), the follow-ups run in the job that wrote them. */
export const INLINE_FOLLOW_UPS_MAX_ORDERS = 10;

const followUpTasks: TaskMap = {
  "intelligence.refreshCustomer": intelligenceTasks["intelligence.refreshCustomer"],
  "segments.refreshPurchaseStats": segmentTasks["segments.refreshPurchaseStats"],
  "campaigns.onOrder": campaignTasks["campaigns.onOrder"],
  "results.attributeOrder": resultsTasks["results.attributeOrder"],
};

/**
 * The follow-ups of changed orders, in the order they must run: the customer's profile and
 * purchase stats first, so the campaign tick that `campaigns.onOrder` queues decides on them;
 * attribution last, off the message path.
 */
export function orderFollowUps(shop: string, orders: { id: bigint; customerId: bigint | null }[]): JobSpec[] {
  const customers = [...new Set(orders.flatMap((o) => (o.customerId === null ? [] : [o.customerId])))];
  const jobs: JobSpec[] = customers.map((customerId) => ({
    task: "intelligence.refreshCustomer",
    payload: { shop, customerId: customerId.toString() },
    options: { jobKey: refreshJobKey(shop, customerId) },
  }));
  if (customers.length > 0)
    jobs.push({
      task: "segments.refreshPurchaseStats",
      payload: { shop, customerIds: customers.map(String) },
      options: { jobKey: purchaseStatsJobKey(shop, customers) },
    });
  for (const order of orders) {
    const customerId = order.customerId === null ? null : order.customerId.toString();
    jobs.push({
      task: "campaigns.onOrder",
      payload: { shop, orderId: order.id.toString(), customerId },
      options: { jobKey: `onOrder:${shop}:${order.id}` },
    });
  }
  // A new, refunded or cancelled order can change which message it converts for, and its net revenue.
  for (const order of orders) {
    const attribution = attributeOrderJob(shop, order.id);
    jobs.push({ task: attribution.task, payload: attribution.payload, options: { jobKey: attribution.jobKey } });
  }
  return jobs;
}

/** A webhook's few orders: follow-ups now, in this job. Many (reconcile): queued, in one round trip. */
export async function afterOrderChange(
  ctx: AppContext,
  shop: string,
  orders: { id: bigint; customerId: bigint | null }[],
): Promise<void> {
  const jobs = orderFollowUps(shop, orders);
  if (orders.length <= INLINE_FOLLOW_UPS_MAX_ORDERS) await runNowOrQueue(ctx, followUpTasks, jobs);
  else await enqueueAll(ctx.queue, jobs);
}

/**
 * When a backfill's products, customers and orders are in (return details still to come): the
 * profiles and purchase stats are computed, so the pillars that need no returns can show.
 */
export async function afterHistory(ctx: AppContext, shop: string): Promise<void> {
  await ctx.queue.enqueue("intelligence.recomputeShop", { shop }, { jobKey: `recompute:${shop}` });
  await ctx.queue.enqueue("segments.refreshPurchaseStats", { shop }, { jobKey: `purchaseStats:${shop}` });
}

/** After a full sync (backfill): every derived table of the shop is rebuilt. */
export async function afterFullSync(ctx: AppContext, shop: string): Promise<void> {
  await ctx.queue.enqueue("intelligence.recomputeShop", { shop }, { jobKey: `recompute:${shop}` });
  await ctx.queue.enqueue("segments.refreshPurchaseStats", { shop }, { jobKey: `purchaseStats:${shop}` });
  await ctx.queue.enqueue("results.attribute", { shop }, { jobKey: `results.attribute:${shop}` });
}
