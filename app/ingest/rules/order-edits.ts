// Order edits. Shopify keeps a line an edit removed: `quantity` still counts every unit ordered,
// `currentQuantity` leaves out the refunded and the removed ones, and there is no field for the
// removed units alone. So: removed = quantity − currentQuantity − units refunded on that line.
// A stored line counts the units still on the order (refunded units included, as before: a refund
// does not unbuy); a line with none left is not stored at all (docs/decisions/0139).

export interface RefundedLine {
  lineItemId: bigint;
  quantity: number;
}

/** Units of each line that refunds took back. */
export function refundedUnits(lines: readonly RefundedLine[]): Map<bigint, number> {
  const out = new Map<bigint, number>();
  for (const l of lines) out.set(l.lineItemId, (out.get(l.lineItemId) ?? 0) + l.quantity);
  return out;
}

/** The units an order edit removed from a line (never negative, never more than it had). */
export function removedUnits(quantity: number, currentQuantity: number, refunded: number): number {
  return Math.min(quantity, Math.max(0, quantity - currentQuantity - refunded));
}

/** The units a line still counts after order edits: 0 means the edit removed it. */
export function keptUnits(quantity: number, currentQuantity: number, refunded: number): number {
  return quantity - removedUnits(quantity, currentQuantity, refunded);
}

/** Whether a line shows units gone that may be an edit's (and so needs the refunds to tell). */
export const mayBeEdited = (quantity: number, currentQuantity: number | null | undefined): boolean =>
  currentQuantity != null && currentQuantity < quantity;
