// Work other areas do after the store changes for a customer (they implement the tasks).
// Ids travel as strings: job payloads are JSON.
import type { AppContext } from "~/context.server";

export async function afterOrderChange(ctx: AppContext, shop: string, orders: { id: bigint; customerId: bigint | null }[]): Promise<void> {
  const customers = new Set<bigint>();
  for (const order of orders) {
    const customerId = order.customerId === null ? null : order.customerId.toString();
    await ctx.queue.enqueue("campaigns.onOrder", { shop, orderId: order.id.toString(), customerId }, { jobKey: `onOrder:${shop}:${order.id}` });
    if (order.customerId !== null) customers.add(order.customerId);
  }
  for (const customerId of customers) {
    await ctx.queue.enqueue("intelligence.refreshCustomer", { shop, customerId: customerId.toString() }, { jobKey: `refresh:${shop}:${customerId}` });
  }
}
