// The attribution rule, stated once for the UI and implemented here in memory as the reference
// for the set-based SQL in app/attribution/attribution.server.ts (decision 0060).
import { countOf } from "~/shared/format";
import { isCountedOrder } from "~/profile/rules/counted-order";

export const DEFAULT_ATTRIBUTION_DAYS = 7;
const DAY_MS = 86_400_000;

/** The rule in one sentence, for the screen beside every conversion figure. */
export function attributionRule(days: number = DEFAULT_ATTRIBUTION_DAYS): string {
  return (
    `An order counts as a conversion of a message when the customer places it after the message was sent and at most ` +
    `${countOf(days, "day")} later, each order counting once, for the most recent message whose window contains it, ` +
    `with cancelled and test orders left out, refunds subtracted from revenue, and holdout customers measured the same way ` +
    `from the moment their message would have been sent.`
  );
}

export const ATTRIBUTION_RULE = attributionRule();

/** A message as attribution sees it: `at` is sentAt for sent messages, scheduledFor for holdouts. */
export interface Touch {
  messageId: string;
  campaignId: string;
  customerId: bigint;
  at: Date;
  attributionDays: number;
  heldOut: boolean;
}

export interface OrderFacts {
  orderId: bigint;
  customerId: bigint | null;
  processedAt: Date;
  cancelled: boolean;
  test: boolean;
  total: number;
  refunded: number;
}

export interface Attributed {
  orderId: bigint;
  messageId: string;
  campaignId: string;
  revenue: number;
}

/** (at, at + days]: an order at the very instant of sending is not caused by it. */
export function inWindow(touch: Pick<Touch, "at" | "attributionDays">, orderAt: Date): boolean {
  const elapsed = orderAt.getTime() - touch.at.getTime();
  return elapsed > 0 && elapsed <= touch.attributionDays * DAY_MS;
}

export function qualifies(order: OrderFacts): order is OrderFacts & { customerId: bigint } {
  return order.customerId !== null && isCountedOrder(order);
}

export function netRevenue(order: Pick<OrderFacts, "total" | "refunded">): number {
  return Math.max(0, order.total - order.refunded);
}

/** Last touch: each qualifying order goes to the latest sent message whose window contains it (ties: larger id). */
export function attributeOrders(touches: readonly Touch[], orders: readonly OrderFacts[]): Attributed[] {
  const byCustomer = new Map<bigint, Touch[]>();
  for (const touch of touches) {
    if (touch.heldOut) continue;
    const list = byCustomer.get(touch.customerId) ?? [];
    list.push(touch);
    byCustomer.set(touch.customerId, list);
  }
  const result: Attributed[] = [];
  for (const order of orders) {
    if (!qualifies(order)) continue;
    let best: Touch | undefined;
    for (const touch of byCustomer.get(order.customerId) ?? []) {
      if (!inWindow(touch, order.processedAt)) continue;
      const later =
        !best ||
        touch.at.getTime() > best.at.getTime() ||
        (touch.at.getTime() === best.at.getTime() && touch.messageId > best.messageId);
      if (later) best = touch;
    }
    if (best)
      result.push({
        orderId: order.orderId,
        messageId: best.messageId,
        campaignId: best.campaignId,
        revenue: netRevenue(order),
      });
  }
  return result;
}

export interface WindowOutcome {
  campaignId: string;
  customerId: bigint;
  heldOut: boolean;
  converted: boolean;
  revenue: number;
}

/**
 * Per campaign and customer, what happened inside their windows regardless of other campaigns:
 * the unit of the lift comparison, identical for messaged and holdout customers. Customers with
 * both sent and held-out rows in one campaign are contaminated and left out.
 */
export function windowOutcomes(touches: readonly Touch[], orders: readonly OrderFacts[]): WindowOutcome[] {
  const units = new Map<string, { campaignId: string; customerId: bigint; touches: Touch[] }>();
  for (const touch of touches) {
    const key = `${touch.campaignId}:${touch.customerId}`;
    const unit = units.get(key) ?? { campaignId: touch.campaignId, customerId: touch.customerId, touches: [] };
    unit.touches.push(touch);
    units.set(key, unit);
  }
  const ordersByCustomer = new Map<bigint, OrderFacts[]>();
  for (const order of orders) {
    if (!qualifies(order)) continue;
    const list = ordersByCustomer.get(order.customerId) ?? [];
    list.push(order);
    ordersByCustomer.set(order.customerId, list);
  }
  const result: WindowOutcome[] = [];
  for (const unit of units.values()) {
    const heldOut = unit.touches.every((touch) => touch.heldOut);
    if (!heldOut && unit.touches.some((touch) => touch.heldOut)) continue;
    const inside = (ordersByCustomer.get(unit.customerId) ?? []).filter((order) =>
      unit.touches.some((touch) => inWindow(touch, order.processedAt)),
    );
    result.push({
      campaignId: unit.campaignId,
      customerId: unit.customerId,
      heldOut,
      converted: inside.length > 0,
      revenue: inside.reduce((sum, order) => sum + netRevenue(order), 0),
    });
  }
  return result;
}
