// Ground truth, recomputed from the store's data with the definitions in docs/pillars.md.
// Deliberately independent of the planting code: it reads only orders, returns and products.
import type { SimOrder, SimProduct } from "../store/model";
import { DAY } from "../store/model";
import type { Store } from "../store/store";
import { centsToDecimal } from "../util/money";
import { orderTotal } from "../generator/order-builder";

const REENGAGEMENT_REASONS = new Set(["size-too-small", "size-too-large", "defective", "not-as-described"]);

export interface CustomerTruth {
  customerId: number;
  orderCount: number;
  netSpend: string;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
}
export interface PillarTruth {
  asOf: string;
  loyalty: { spend5k: number[]; orders10: number[]; tenure2y: number[] };
  lifecycle: { d7: number[]; d14: number[]; d30: number[] };
  affinity: { customerId: number; productId: number; premiumProductId: number }[];
  reengagement: { customerId: number; productId: number; reasonHandle: string }[];
}

/** Counted orders as of asOf: the customer's, placed by asOf, not cancelled by asOf, not test. */
export function countedOrders(orders: SimOrder[], asOf: number): SimOrder[] {
  return orders.filter(
    (o) =>
      o.customerId !== null && o.processedAt <= asOf && !o.test && !(o.cancelledAt !== null && o.cancelledAt <= asOf),
  );
}

export function netSpendCents(orders: SimOrder[], asOf: number): number {
  let cents = 0;
  for (const o of countedOrders(orders, asOf)) {
    let refunded = 0;
    for (const r of o.refunds) if (r.createdAt <= asOf) refunded += r.amountCents;
    cents += orderTotal(o) - refunded;
  }
  return cents;
}

export function customerTruth(customerId: number, orders: SimOrder[], asOf: number): CustomerTruth {
  const counted = countedOrders(orders, asOf);
  const times = counted.map((o) => o.processedAt);
  return {
    customerId,
    orderCount: counted.length,
    netSpend: centsToDecimal(netSpendCents(orders, asOf)),
    firstOrderAt: times.length ? new Date(Math.min(...times)).toISOString() : null,
    lastOrderAt: times.length ? new Date(Math.max(...times)).toISOString() : null,
  };
}

export function pillarTruth(store: Store, asOf: number): PillarTruth {
  const truth: PillarTruth = {
    asOf: new Date(asOf).toISOString(),
    loyalty: { spend5k: [], orders10: [], tenure2y: [] },
    lifecycle: { d7: [], d14: [], d30: [] },
    affinity: [],
    reengagement: [],
  };
  const products = new Map<number, SimProduct>(store.catalog.map((p) => [p.id, p]));
  for (const { customer, orders } of store.histories()) {
    if (customer.createdAt > asOf) continue;
    const counted = countedOrders(orders, asOf);
    if (counted.length === 0) continue;
    const id = customer.id;
    if (netSpendCents(orders, asOf) >= 500_000) truth.loyalty.spend5k.push(id);
    if (counted.length >= 10) truth.loyalty.orders10.push(id);
    const first = Math.min(...counted.map((o) => o.processedAt));
    const last = Math.max(...counted.map((o) => o.processedAt));
    if (first <= asOf - 730 * DAY) truth.loyalty.tenure2y.push(id);
    for (const n of [7, 14, 30] as const) {
      const age = asOf - last;
      if (age >= n * DAY && age < (n + 1) * DAY) truth.lifecycle[`d${n}`].push(id);
    }
    const recent = new Map<number, Set<number>>();
    for (const o of counted) {
      if (!(o.processedAt > asOf - 90 * DAY)) continue;
      for (const l of o.lineItems)
        if ((l.removedQuantity ?? 0) < l.quantity)
          recent.set(l.productId, (recent.get(l.productId) ?? new Set()).add(o.id));
    }
    for (const [productId, orderIds] of recent) {
      const premium = products.get(productId)?.premiumProductId ?? null;
      if (orderIds.size >= 3 && premium !== null)
        truth.affinity.push({ customerId: id, productId, premiumProductId: premium });
    }
    const seen = new Set<string>();
    for (const o of orders) {
      if (o.customerId === null || o.processedAt > asOf) continue;
      for (const r of o.returns) {
        if (r.requestedAt > asOf) continue;
        for (const rl of r.lines) {
          if (!REENGAGEMENT_REASONS.has(rl.reasonHandle)) continue;
          const line = o.lineItems.find((l) => l.id === rl.lineItemId);
          const relaunch = line ? (products.get(line.productId)?.relaunchedAt ?? null) : null;
          if (!line || relaunch === null || !(relaunch > r.requestedAt && relaunch <= asOf)) continue;
          const key = `${line.productId}:${rl.reasonHandle}`;
          if (seen.has(key)) continue;
          seen.add(key);
          truth.reengagement.push({ customerId: id, productId: line.productId, reasonHandle: rl.reasonHandle });
        }
      }
    }
  }
  return truth;
}
