// Ground truth for campaign measurement: which orders messages caused, and baseline orders
// (from the buy-till-you-die process alone) in any window, so a test can state the true lift.
import type { Store } from "../store/store";
import { DAY, type SimOrder } from "../store/model";
import { customerIndexOf } from "../util/ids";

export interface ConversionTruth {
  customers: number;
  /** Customers with >= 1 non-message order in [from, to). */
  baselineConverters: number;
  /** Customers with >= 1 message-caused order in [from, to). */
  messageConverters: number;
  /** Customers converting only thanks to a message (no baseline order in the window). */
  incrementalConverters: number;
  baselineOrders: number;
  messageOrders: number;
}

export function messageOrders(store: Store): SimOrder[] {
  const out: SimOrder[] = [];
  for (const h of store.histories()) for (const o of h.orders) if (o.source === "message") out.push(o);
  return out;
}

export function conversionTruth(store: Store, customerIds: number[], from: number, to: number): ConversionTruth {
  const result: ConversionTruth = {
    customers: customerIds.length,
    baselineConverters: 0,
    messageConverters: 0,
    incrementalConverters: 0,
    baselineOrders: 0,
    messageOrders: 0,
  };
  for (const id of customerIds) {
    const h = store.history(customerIndexOf(id));
    if (!h) continue;
    const inWindow = h.orders.filter(
      (o) => o.customerId !== null && o.processedAt >= from && o.processedAt < to && o.cancelledAt === null,
    );
    const msg = inWindow.filter((o) => o.source === "message").length;
    const base = inWindow.length - msg;
    result.baselineOrders += base;
    result.messageOrders += msg;
    if (base > 0) result.baselineConverters++;
    if (msg > 0) result.messageConverters++;
    if (msg > 0 && base === 0) result.incrementalConverters++;
  }
  return result;
}

export const windowEnd = (from: number, days: number): number => from + days * DAY;
