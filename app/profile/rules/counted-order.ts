// The one definition of a "counted order" (docs/decisions/0165): an order counts when it was not
// cancelled and is not a Shopify test order. Profiles, milestones, favourites, segment purchase
// stats, campaign triggers and recipients, and attribution all count orders through these two
// functions; a rule that also bounds the time (processed by asOf, inside a window) adds that itself.

/** An order as the pure rules see it: cancelled as a flag, or as the stored cancelledAt. */
export type OrderStatusFacts = { cancelled: boolean; test: boolean } | { cancelledAt: Date | null; test: boolean };

export function isCountedOrder(order: OrderStatusFacts): boolean {
  const cancelled = "cancelledAt" in order ? order.cancelledAt !== null : order.cancelled;
  return !cancelled && !order.test;
}

/**
 * The same rule in SQL over an "Order" row: `alias` is the table alias (`o`), or omitted when the
 * statement reads "Order" unaliased. Only columns of the row itself: an index can serve it.
 */
export function countedOrderSql(alias?: string): string {
  const column = (name: string) => (alias === undefined ? name : `${alias}.${name}`);
  return `${column(`"cancelledAt"`)} IS NULL AND NOT ${column("test")}`;
}
