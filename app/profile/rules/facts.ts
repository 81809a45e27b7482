// The raw facts about one customer that every metric is computed from (rows of the store tables).
import { isCountedOrder } from "./counted-order";

export interface OrderFact {
  id: bigint;
  processedAt: Date;
  cancelledAt: Date | null;
  test: boolean;
  /** Decimal strings. */
  totalPrice: string;
  totalRefunded: string;
}

export interface LineItemFact {
  orderId: bigint;
  processedAt: Date;
  productId: bigint | null;
  variantId: bigint | null;
  quantity: number;
  productType: string | null;
  size: string | null;
}

export interface ReturnLineFact {
  returnId: bigint;
  productId: bigint | null;
  variantId: bigint | null;
  quantity: number;
  reasonHandle: string | null;
  reasonName: string | null;
  createdAt: Date;
}

/** Orders that count (counted-order.ts) placed at or before asOf, oldest first. */
export function countedOrders(orders: readonly OrderFact[], asOf: Date): OrderFact[] {
  return orders
    .filter((o) => isCountedOrder(o) && o.processedAt.getTime() <= asOf.getTime())
    .sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
