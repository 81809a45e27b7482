// Builds order records (line items, refunds, returns) from a basket description.
import { childId, orderId } from "../util/ids";
import {
  DAY,
  HOUR,
  type OrderSource,
  type SimOrder,
  type SimProduct,
  type SimRefund,
  type SimReturn,
  type SimVariant,
} from "../store/model";
import type { Rng } from "../util/rng";

export interface BasketLine {
  product: SimProduct;
  variant: SimVariant;
  quantity: number;
  /** Overrides the variant price (planted customers use exact amounts). */
  unitCents?: number;
  discountCents?: number;
}

export function orderNumber(id: number): number {
  return 1000 + (id % 1_000_000_000);
}

export function buildOrder(
  index: number,
  seq: number,
  customerId: number | null,
  processedAt: number,
  basket: BasketLine[],
  source: OrderSource,
): SimOrder {
  const id = orderId(index, seq);
  return {
    id,
    customerIndex: index,
    customerId,
    number: orderNumber(id),
    processedAt,
    cancelledAt: null,
    cancelReason: null,
    test: false,
    lineItems: basket.map((line, k) => ({
      id: childId(id, k + 1),
      productId: line.product.id,
      variantId: line.variant.id,
      title: line.product.title,
      variantTitle: line.variant.size,
      sku: line.variant.sku,
      quantity: line.quantity,
      unitCents: line.unitCents ?? line.variant.priceCents,
      discountCents: line.discountCents ?? 0,
    })),
    refunds: [],
    returns: [],
    tags: [],
    source,
    causedBy: null,
    editedAt: 0,
  };
}

/** What a line costs on the order now: a line an order edit removed costs nothing. */
export const lineTotal = (l: {
  quantity: number;
  unitCents: number;
  discountCents: number;
  removedQuantity?: number;
}): number => {
  const units = l.quantity - (l.removedQuantity ?? 0);
  return units <= 0 ? 0 : units * l.unitCents - Math.round((l.discountCents * units) / l.quantity);
};
export const orderTotal = (o: SimOrder): number => o.lineItems.reduce((s, l) => s + lineTotal(l), 0);

export function addRefund(
  order: SimOrder,
  createdAt: number,
  amountCents: number,
  lines: { lineItemId: number; quantity: number }[],
  note: string | null,
): SimRefund {
  const refundId = childId(order.id, order.refunds.length + 1, 10);
  const refund: SimRefund = {
    id: refundId,
    createdAt,
    note,
    amountCents,
    lines: lines.map((l, k) => {
      const item = order.lineItems.find((li) => li.id === l.lineItemId)!;
      const per = Math.round(lineTotal(item) / item.quantity);
      return {
        id: childId(refundId, k + 1),
        lineItemId: l.lineItemId,
        quantity: l.quantity,
        subtotalCents: per * l.quantity,
      };
    }),
  };
  order.refunds.push(refund);
  return refund;
}

export function refundLinesAmount(order: SimOrder, lines: { lineItemId: number; quantity: number }[]): number {
  return lines.reduce((s, l) => {
    const item = order.lineItems.find((li) => li.id === l.lineItemId)!;
    return s + Math.round(lineTotal(item) / item.quantity) * l.quantity;
  }, 0);
}

export function addReturn(
  order: SimOrder,
  requestedAt: number,
  lines: { lineItemId: number; quantity: number; reasonHandle: string; customerNote?: string | null }[],
): SimReturn {
  const returnId = childId(order.id, order.returns.length + 1, 10);
  const ret: SimReturn = {
    id: returnId,
    name: `#${order.number}-R${order.returns.length + 1}`,
    requestedAt,
    approvedAt: null,
    closedAt: null,
    declinedAt: null,
    lines: lines.map((l, k) => ({
      id: childId(returnId, k + 1),
      lineItemId: l.lineItemId,
      quantity: l.quantity,
      reasonHandle: l.reasonHandle,
      reasonNote: "",
      customerNote: l.customerNote ?? null,
    })),
  };
  order.returns.push(ret);
  return ret;
}

/** A generated return follows Shopify's lifecycle: requested, approved a day later, closed and refunded within a week. */
export function returnLifecycle(order: SimOrder, ret: SimReturn, rng: Rng): void {
  if (rng.chance(0.08)) {
    ret.declinedAt = ret.requestedAt + DAY;
    return;
  }
  ret.approvedAt = ret.requestedAt + rng.int(4, 30) * HOUR;
  ret.closedAt = ret.approvedAt + rng.int(3, 9) * DAY;
  const lines = ret.lines.map((l) => ({ lineItemId: l.lineItemId, quantity: l.quantity }));
  addRefund(order, ret.closedAt, refundLinesAmount(order, lines), lines, "Return refund");
}
