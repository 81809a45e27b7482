// Finds the events between two instants by walking the store: generated future orders,
// scheduled (message-caused) orders, refunds, return steps and product relaunches.
import type { Store } from "./store";
import type { StoreEvent } from "./events";

export function scanEvents(store: Store, from: number, to: number): StoreEvent[] {
  const events: StoreEvent[] = [];
  const inWindow = (t: number | null): t is number => t !== null && t > from && t <= to;
  for (const h of store.histories()) {
    for (const o of h.orders) {
      if (o.processedAt > to) continue;
      if (inWindow(o.processedAt)) {
        events.push(
          { topic: "orders/create", at: o.processedAt, orderId: o.id },
          { topic: "orders/paid", at: o.processedAt, orderId: o.id },
        );
        if (o.customerId !== null)
          events.push({ topic: "customers/purchasing_summary", at: o.processedAt, customerId: o.customerId });
      }
      if (inWindow(o.cancelledAt)) events.push({ topic: "orders/cancelled", at: o.cancelledAt, orderId: o.id });
      for (const r of o.refunds) {
        if (inWindow(r.createdAt) && r.createdAt !== o.cancelledAt) {
          events.push(
            { topic: "refunds/create", at: r.createdAt, orderId: o.id, refundId: r.id },
            { topic: "orders/updated", at: r.createdAt, orderId: o.id },
          );
        }
      }
      for (const r of o.returns) {
        if (inWindow(r.requestedAt))
          events.push({ topic: "returns/request", at: r.requestedAt, orderId: o.id, returnId: r.id });
        if (inWindow(r.approvedAt))
          events.push({ topic: "returns/approve", at: r.approvedAt, orderId: o.id, returnId: r.id });
        if (inWindow(r.declinedAt))
          events.push({ topic: "returns/decline", at: r.declinedAt, orderId: o.id, returnId: r.id });
        if (inWindow(r.closedAt))
          events.push({ topic: "returns/close", at: r.closedAt, orderId: o.id, returnId: r.id });
      }
    }
  }
  for (const p of store.catalog)
    if (inWindow(p.relaunchedAt)) events.push({ topic: "products/update", at: p.relaunchedAt, productId: p.id });
  return events.sort((a, b) => a.at - b.at);
}
