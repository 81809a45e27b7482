// Bulk orders straight to COPY text, one line per table row, without the row objects of
// map-graphql.ts: on the hot path every Date and BigInt made only to be printed again cost
// more than the parsing. The stored values are exactly those of addOrder + copyLines
// (order-copy.test.ts compares the two); the column order is that of write-specs.ts.
import { CopyBuffer } from "~/ingest/rules/copy-buffer";
import { escapeText, NULL } from "~/ingest/rules/copy-text";
import type { GqlLineItem, GqlOrder } from "~/ingest/rules/graphql-types";
import { gidId } from "~/ingest/rules/ids";
import { amount } from "~/ingest/rules/map-graphql";
import { keptUnits } from "~/ingest/rules/order-edits";

export interface OrderCopy {
  orders: CopyBuffer;
  lineItems: CopyBuffer;
  refunds: CopyBuffer;
  returns: CopyBuffer;
  /**
   * Edited orders with refunds and a line short of its quantity: bulk cannot tell the refunded
   * units from the removed ones, so their lines are stored as Shopify's quantity and the order is
   * read again after the pass (docs/decisions/0139).
   */
  reread: string[];
  /**
   * Lines an edit removed whole from an order without refunds, and that order's version: not
   * written, and deleted where an earlier snapshot stored them (order-lines.server.ts).
   */
  removed: { lineIds: string[]; versions: string[] };
}

export function emptyOrderCopy(): OrderCopy {
  return {
    orders: new CopyBuffer(),
    lineItems: new CopyBuffer(),
    refunds: new CopyBuffer(),
    returns: new CopyBuffer(),
    reread: [],
    removed: { lineIds: [], versions: [] },
  };
}

const text = (value: string | null | undefined): string =>
  value === null || value === undefined ? NULL : escapeText(value);
const count = (value: number | null | undefined): string =>
  value === null || value === undefined ? NULL : String(value);

// A plain decimal tail prints as itself; anything else (leading zeros, ?query) goes through gidId.
const plainId = /^[1-9]\d*$/;
function id(gid: string): string {
  const tail = gid.slice(gid.lastIndexOf("/") + 1);
  return plainId.test(tail) ? tail : String(gidId(gid));
}
const ref = (value: { id: string } | null | undefined): string => (value?.id ? id(value.id) : NULL);

// A UTC timestamp with at most millisecond precision means the same instant to PostgreSQL's
// timestamp(3) as its toISOString() form, so it is passed as it is. Days above 28, other
// offsets and finer fractions go through Date, as map-graphql does (Date rolls 02-30 over into
// March and truncates microseconds, where PostgreSQL would refuse or round).
const utc = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$/;
const date = (value: string): string => (utc.test(value) ? value : new Date(value).toISOString());
const maybeDate = (value: string | null | undefined): string => (value ? date(value) : NULL);

/** `shop` is escaped once per file by the caller; `syncedAt` is the snapshot time (returns' version). */
export function addOrderCopy(out: OrderCopy, shop: string, o: GqlOrder, syncedAt: string): void {
  const orderId = id(o.id);
  const customerId = ref(o.customer);
  const processedAt = date(o.processedAt);
  out.orders.line(
    `${shop}\t${orderId}\t${text(o.name)}\t${customerId}\t${processedAt}\t${date(o.createdAt)}\t${date(o.updatedAt)}\t${maybeDate(o.cancelledAt)}\t${o.test ? "t" : "f"}\t` +
      `${text(o.totalPriceSet.shopMoney.currencyCode)}\t${text(o.displayFinancialStatus)}\t${text(o.returnStatus)}\t` +
      `${amount(o.subtotalPriceSet?.shopMoney.amount)}\t${amount(o.totalPriceSet.shopMoney.amount)}\t${amount(o.totalRefundedSet?.shopMoney.amount)}`,
  );
  // Not edited (nearly every order): one test per line, nothing more.
  const edited = o.edited === true;
  for (const li of o.lineItems) {
    let quantity = li.quantity;
    if (edited) {
      quantity = editedQuantity(out, orderId, o, li);
      if (quantity === 0) continue;
    }
    out.lineItems.line(
      `${shop}\t${id(li.id)}\t${orderId}\t${customerId}\t${processedAt}\t${ref(li.product)}\t${ref(li.variant)}\t${text(li.title)}\t${text(li.variantTitle)}\t${text(li.sku || null)}\t` +
        `${count(quantity)}\t${count(li.currentQuantity ?? li.quantity)}\t${amount(li.originalUnitPriceSet.shopMoney.amount)}\t${amount(li.discountedTotalSet.shopMoney.amount)}`,
    );
  }
  for (const r of o.refunds ?? []) {
    out.refunds.line(
      `${shop}\t${id(r.id)}\t${orderId}\t${date(r.createdAt)}\t${amount(r.totalRefundedSet.shopMoney.amount)}\t${text(r.note)}`,
    );
  }
  for (const r of o.returns ?? []) {
    out.returns.line(
      `${shop}\t${id(r.id)}\t${orderId}\t${customerId}\t${text(r.name ?? "")}\t${text(r.status)}\t${date(r.createdAt)}\t${maybeDate(r.closedAt)}\t${syncedAt}`,
    );
  }
}

export const orderCopyRows = (out: OrderCopy): number =>
  out.orders.rows + out.lineItems.rows + out.refunds.rows + out.returns.rows;

/**
 * The units a line of an edited order counts. No refunds on the order: every unit gone is the
 * edit's (addOrder does the same). With refunds, a short line is ambiguous: Shopify's quantity is
 * stored and the order marked to be read again.
 */
function editedQuantity(out: OrderCopy, orderId: string, o: GqlOrder, li: GqlLineItem): number {
  const current = li.currentQuantity ?? li.quantity;
  if (current >= li.quantity) return li.quantity;
  if ((o.refunds?.length ?? 0) === 0) {
    const kept = keptUnits(li.quantity, current, 0);
    if (kept === 0) {
      out.removed.lineIds.push(id(li.id));
      out.removed.versions.push(date(o.updatedAt));
    }
    return kept;
  }
  if (out.reread[out.reread.length - 1] !== orderId) out.reread.push(orderId);
  return li.quantity;
}
