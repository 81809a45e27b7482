// REST webhook payloads to rows. Money: shop_money where the payload has it.
import { optionalId, restId } from "~/ingest/rules/ids";
import { fromUnits, sumAmounts, toUnits } from "~/ingest/rules/money";
import type { RestCustomer, RestMoneySet, RestOrder, RestProduct, RestRefund } from "~/ingest/rules/rest-types";
import { keptUnits, refundedUnits } from "~/ingest/rules/order-edits";
import type { CustomerRow, RowBatch } from "~/ingest/rules/rows";

const money = (set: RestMoneySet | undefined, fallback: string | null | undefined): string =>
  fromUnits(toUnits(set?.shop_money?.amount ?? fallback ?? "0"));
const maybeDate = (value: string | null | undefined): Date | null => (value ? new Date(value) : null);
const tagList = (tags: string | null | undefined): string[] =>
  tags
    ? tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean)
    : [];
const sizeOption = /^(size|taille|größe|talla|taglia)$/i;

/** Money actually returned by a refund: its successful refund transactions. */
export function refundAmount(refund: RestRefund): string {
  return sumAmounts(
    (refund.transactions ?? [])
      .filter((t) => (t.kind ?? "refund") === "refund" && (t.status ?? "success") === "success")
      .map((t) => t.amount),
  );
}

export function addRestRefund(
  batch: RowBatch,
  shop: string,
  refund: RestRefund,
  orderId: bigint,
  parentVersion: Date | null,
): void {
  batch.refunds.push({
    shop,
    id: restId(refund),
    orderId,
    createdAt: new Date(refund.created_at),
    amount: refundAmount(refund),
    note: refund.note || null,
    parentVersion,
  });
}

export function addRestOrder(batch: RowBatch, shop: string, o: RestOrder): void {
  const id = restId(o);
  const updatedAt = new Date(o.updated_at);
  const processedAt = new Date(o.processed_at ?? o.created_at);
  const customerId = o.customer ? restId(o.customer) : null;
  const refunds = o.refunds ?? [];
  batch.orders.push({
    shop,
    id,
    name: o.name,
    customerId,
    processedAt,
    createdAt: new Date(o.created_at),
    updatedAt,
    cancelledAt: maybeDate(o.cancelled_at),
    test: Boolean(o.test),
    currencyCode: o.total_price_set?.shop_money?.currency_code ?? o.currency ?? "USD",
    financialStatus: o.financial_status ? o.financial_status.toUpperCase() : null,
    returnStatus: null,
    subtotalPrice: money(o.subtotal_price_set, o.subtotal_price),
    totalPrice: money(o.total_price_set, o.total_price),
    totalRefunded: sumAmounts(refunds.map(refundAmount)),
  });
  const refunded = refundedUnits(
    refunds.flatMap((r) =>
      (r.refund_line_items ?? []).flatMap((rl) =>
        rl.line_item_id == null ? [] : [{ lineItemId: BigInt(String(rl.line_item_id)), quantity: rl.quantity ?? 0 }],
      ),
    ),
  );
  for (const li of o.line_items ?? []) {
    const lineId = restId(li);
    // A line an order edit removed stays in the payload with current_quantity 0: it is not stored.
    const kept = keptUnits(li.quantity, li.current_quantity ?? li.quantity, refunded.get(lineId) ?? 0);
    if (kept === 0) continue;
    const unit = money(li.price_set, li.price);
    const discounts = (li.discount_allocations ?? []).reduce(
      (sum, d) => sum + toUnits(d.amount_set?.shop_money?.amount ?? d.amount),
      0n,
    );
    batch.lineItems.push({
      shop,
      id: lineId,
      orderId: id,
      customerId,
      processedAt,
      productId: optionalId(li.product_id),
      variantId: optionalId(li.variant_id),
      title: li.title ?? li.name ?? "",
      variantTitle: li.variant_title ?? null,
      sku: li.sku || null,
      quantity: kept,
      currentQuantity: li.current_quantity ?? li.quantity,
      unitPrice: unit,
      discountedTotal: fromUnits(toUnits(unit) * BigInt(kept) - discounts),
      parentVersion: updatedAt,
    });
  }
  for (const refund of refunds) addRestRefund(batch, shop, refund, id, updatedAt);
}

/**
 * The profile a customers/create|update payload carries. The other columns are placeholders for
 * the row type only: the profile upsert never writes them over stored values (write-specs
 * CUSTOMER_NOT_IN_WEBHOOK), and a new customer is read from the Admin API first (0130).
 */
export function restCustomerRow(shop: string, c: RestCustomer, fallbackTime: Date): CustomerRow {
  return {
    shop,
    id: restId(c),
    firstName: c.first_name ?? null,
    lastName: c.last_name ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    emailMarketing: "NOT_SUBSCRIBED",
    emailConsentAt: null,
    smsMarketing: "NOT_SUBSCRIBED",
    tags: [],
    locale: null,
    timezone: null,
    numberOfOrders: 0,
    amountSpent: "0.0000",
    createdAt: new Date(c.created_at ?? c.updated_at ?? fallbackTime),
    updatedAt: new Date(c.updated_at ?? fallbackTime),
  };
}

export function addRestProduct(batch: RowBatch, shop: string, p: RestProduct): void {
  const id = restId(p);
  const updatedAt = new Date(p.updated_at);
  batch.products.push({
    shop,
    id,
    title: p.title,
    handle: p.handle ?? "",
    productType: p.product_type ?? "",
    vendor: p.vendor ?? "",
    tags: tagList(p.tags),
    status: (p.status ?? "active").toUpperCase(),
    createdAt: new Date(p.created_at ?? p.updated_at),
    updatedAt,
  });
  const optionNames = (p.options ?? []).map((o) => o.name);
  for (const v of p.variants ?? []) {
    const values = [v.option1, v.option2, v.option3];
    const options: Record<string, string> = {};
    optionNames.forEach((name, i) => {
      const value = values[i];
      if (value) options[name] = value;
    });
    const sizeName = optionNames.find((n) => sizeOption.test(n));
    batch.variants.push({
      shop,
      id: restId(v),
      productId: id,
      title: v.title ?? "",
      sku: v.sku || null,
      price: fromUnits(toUnits(v.price)),
      size: sizeName ? (options[sizeName] ?? null) : null,
      options,
      parentVersion: updatedAt,
    });
  }
}
