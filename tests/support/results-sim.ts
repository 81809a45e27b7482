// A campaign run against a simulated store with a planted message effect, and the store's
// orders as attribution sees them at a given instant (cancellations and refunds as of then).
import type { OrderFacts, Touch } from "~/attribution/rules/attribution";
import type { Store } from "~sim/store/store";
import { orderTotal } from "~sim/generator/order-builder";
import { refundedAt, cancelledAt } from "~sim/store/visible";
import type { OrderRow } from "./results-rows";
import { mulberry32 } from "~sim/util/rng";

const DAY_MS = 86_400_000;

export interface PlannedCampaign {
  campaignId: string;
  sendAt: number;
  windowDays: number;
  messaged: number[];
  holdout: number[];
}

/** Customers with an order before sendAt, split at random into messaged and holdout. */
export function planCampaign(
  store: Store,
  options: { campaignId: string; sendAt: number; windowDays: number; holdoutShare: number; seed: number },
): PlannedCampaign {
  const random = mulberry32(options.seed);
  const messaged: number[] = [];
  const holdout: number[] = [];
  for (const history of store.histories()) {
    if (!history.orders.some((o) => o.customerId !== null && o.processedAt <= options.sendAt)) continue;
    (random() < options.holdoutShare ? holdout : messaged).push(history.customer.id);
  }
  return { campaignId: options.campaignId, sendAt: options.sendAt, windowDays: options.windowDays, messaged, holdout };
}

export const messageId = (campaignId: string, customerId: number) => `${campaignId}-${customerId}`;

export function touchesOf(plan: PlannedCampaign): Touch[] {
  const touch = (customerId: number, heldOut: boolean): Touch => ({
    messageId: messageId(plan.campaignId, customerId),
    campaignId: plan.campaignId,
    customerId: BigInt(customerId),
    at: new Date(plan.sendAt),
    attributionDays: plan.windowDays,
    heldOut,
  });
  return [...plan.messaged.map((id) => touch(id, false)), ...plan.holdout.map((id) => touch(id, true))];
}

/** Every order visible at `asOf` (guest checkouts included), with what had happened to it by then. */
export function ordersAsOf(store: Store, asOf: number): (OrderFacts & { source: string })[] {
  const out: (OrderFacts & { source: string })[] = [];
  for (const history of store.histories()) {
    for (const o of history.orders) {
      if (o.processedAt > asOf) continue;
      out.push({
        orderId: BigInt(o.id),
        customerId: o.customerId === null ? null : BigInt(o.customerId),
        processedAt: new Date(o.processedAt),
        cancelled: cancelledAt(o, asOf) !== null,
        test: o.test,
        total: orderTotal(o) / 100,
        refunded: refundedAt(o, asOf) / 100,
        source: o.source,
      });
    }
  }
  return out;
}

export function toOrderRows(orders: readonly OrderFacts[], asOf: number): OrderRow[] {
  return orders.map((o) => ({
    id: o.orderId,
    customerId: o.customerId,
    processedAt: o.processedAt,
    total: o.total.toFixed(2),
    refunded: o.refunded.toFixed(2),
    cancelledAt: o.cancelled ? new Date(asOf) : null,
    test: o.test,
  }));
}

/**
 * The true conversion-rate lift over this store's campaign population: the simulator adds a
 * message-caused order with probability p, which changes the outcome only for customers with no
 * baseline order in their window, so the average effect is p × (1 − baseline converters / customers).
 */
export function trueConversionLift(
  plan: PlannedCampaign,
  orders: readonly (OrderFacts & { source: string })[],
  p: number,
): number {
  const everyone = new Set([...plan.messaged, ...plan.holdout].map(BigInt));
  const end = plan.sendAt + plan.windowDays * DAY_MS;
  const baseline = new Set<bigint>();
  for (const o of orders) {
    if (o.customerId === null || !everyone.has(o.customerId) || o.source === "message" || o.cancelled || o.test)
      continue;
    const at = o.processedAt.getTime();
    if (at > plan.sendAt && at <= end) baseline.add(o.customerId);
  }
  return p * (1 - baseline.size / everyone.size);
}
