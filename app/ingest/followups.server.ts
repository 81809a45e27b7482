// Work other areas do after the store changes for a customer (they implement the tasks).
// Ids travel as strings: job payloads are JSON.
import type { AppContext } from "~/runtime/app-context.server";
import { attributeOrderJob } from "~/attribution/tasks.server";

export async function afterOrderChange(
  ctx: AppContext,
  shop: string,
  orders: { id: bigint; customerId: bigint | null }[],
): Promise<void> {
  const customers = new Set<bigint>();
  for (const order of orders) {
    const customerId = order.customerId === null ? null : order.customerId.toString();
    await ctx.queue.enqueue(
      "campaigns.onOrder",
      { shop, orderId: order.id.toString(), customerId },
      { jobKey: `onOrder:${shop}:${order.id}` },
    );
    // A new, refunded or cancelled order can change which message it converts for, and its net revenue.
    const attribution = attributeOrderJob(shop, order.id);
    await ctx.queue.enqueue(attribution.task, attribution.payload, { jobKey: attribution.jobKey });
    if (order.customerId !== null) customers.add(order.customerId);
  }
  for (const customerId of customers) {
    await ctx.queue.enqueue(
      "intelligence.refreshCustomer",
      { shop, customerId: customerId.toString() },
      { jobKey: `refresh:${shop}:${customerId}` },
    );
  }
  if (customers.size > 0) {
    const customerIds = [...customers].map(String);
    await ctx.queue.enqueue("segments.refreshPurchaseStats", { shop, customerIds });
  }
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
