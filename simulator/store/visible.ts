// What a record looks like at a given instant: future orders, refunds and return steps are
// hidden until the clock reaches them.
import type { SimCustomer, SimOrder, SimRefund, SimReturn } from "./model";
import { lineTotal, orderTotal } from "../generator/order-builder";

export type ReturnStatus = "REQUESTED" | "OPEN" | "CLOSED" | "DECLINED";

export const isVisible = (o: SimOrder, at: number): boolean => o.processedAt <= at;
export const refundsAt = (o: SimOrder, at: number): SimRefund[] => o.refunds.filter((r) => r.createdAt <= at);
export const returnsAt = (o: SimOrder, at: number): SimReturn[] => o.returns.filter((r) => r.requestedAt <= at);
export const cancelledAt = (o: SimOrder, at: number): number | null =>
  o.cancelledAt !== null && o.cancelledAt <= at ? o.cancelledAt : null;

export function returnStatus(r: SimReturn, at: number): ReturnStatus {
  if (r.declinedAt !== null && r.declinedAt <= at) return "DECLINED";
  if (r.closedAt !== null && r.closedAt <= at) return "CLOSED";
  if (r.approvedAt !== null && r.approvedAt <= at) return "OPEN";
  return "REQUESTED";
}

export function returnClosedAt(r: SimReturn, at: number): number | null {
  return r.closedAt !== null && r.closedAt <= at ? r.closedAt : null;
}

export function orderUpdatedAt(o: SimOrder, at: number): number {
  let t = Math.max(o.processedAt, o.editedAt <= at ? o.editedAt : 0);
  const c = cancelledAt(o, at);
  if (c !== null) t = Math.max(t, c);
  for (const r of refundsAt(o, at)) t = Math.max(t, r.createdAt);
  for (const r of o.returns)
    for (const step of [r.requestedAt, r.approvedAt, r.closedAt, r.declinedAt])
      if (step !== null && step <= at) t = Math.max(t, step);
  return t;
}

/** Units refunds took back from a line by `at`. */
export const refundedUnitsAt = (o: SimOrder, lineItemId: number, at: number): number =>
  refundsAt(o, at).reduce(
    (s, r) => s + r.lines.reduce((q, rl) => q + (rl.lineItemId === lineItemId ? rl.quantity : 0), 0),
    0,
  );

/** Shopify's currentQuantity: the units ordered, less refunded and edit-removed ones. */
export const currentQuantityAt = (o: SimOrder, l: SimOrder["lineItems"][number], at: number): number =>
  Math.max(0, l.quantity - refundedUnitsAt(o, l.id, at) - (l.removedQuantity ?? 0));

export const refundedAt = (o: SimOrder, at: number): number => refundsAt(o, at).reduce((s, r) => s + r.amountCents, 0);
export { lineTotal, orderTotal };

export function subtotal(o: SimOrder): number {
  return orderTotal(o);
}

/** Orders that belong to the customer and are visible (not guest checkouts in the same block). */
export const customerOrdersAt = (orders: SimOrder[], at: number): SimOrder[] =>
  orders.filter((o) => o.customerId !== null && isVisible(o, at));

export function customerUpdatedAt(c: SimCustomer, orders: SimOrder[], at: number): number {
  let t = Math.max(c.createdAt, c.editedAt <= at ? c.editedAt : 0);
  for (const o of customerOrdersAt(orders, at)) t = Math.max(t, o.processedAt);
  return t;
}

export function customerStats(
  orders: SimOrder[],
  at: number,
): { count: number; spentCents: number; lastOrder: SimOrder | null } {
  let count = 0;
  let spentCents = 0;
  let lastOrder: SimOrder | null = null;
  for (const o of customerOrdersAt(orders, at)) {
    count++;
    spentCents += orderTotal(o) - refundedAt(o, at);
    if (!lastOrder || o.processedAt > lastOrder.processedAt) lastOrder = o;
  }
  return { count, spentCents, lastOrder };
}
