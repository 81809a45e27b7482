// Admin GraphQL objects to rows. Money is the shop-currency amount (shopMoney).
import type { GqlCustomer, GqlOrder, GqlProduct, GqlReturn } from "~/ingest/rules/graphql-types";
import { gidId } from "~/ingest/rules/ids";
import { keptUnits } from "~/ingest/rules/order-edits";
import { emptyBatch, type RowBatch } from "~/ingest/rules/rows";

const date = (value: string): Date => new Date(value);
const maybeDate = (value: string | null | undefined): Date | null => (value ? new Date(value) : null);
const maybeId = (ref: { id: string } | null | undefined): bigint | null => (ref?.id ? gidId(ref.id) : null);
// GraphQL Decimal amounts are exact decimal strings already: PostgreSQL's numeric takes them
// as they are (no float, no reformatting on the hot path).
const decimal = /^-?\d+(\.\d+)?$/;
export const amount = (value: string | null | undefined): string => {
  if (value === null || value === undefined || value === "") return "0";
  if (!decimal.test(value)) throw new Error(`not a decimal amount: ${value}`);
  return value;
};
const sizeOption = /^(size|taille|größe|talla|taglia)$/i;

export function addCustomer(batch: RowBatch, shop: string, c: GqlCustomer): void {
  batch.customers.push({
    shop,
    id: gidId(c.id),
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    email: c.defaultEmailAddress?.emailAddress ?? null,
    phone: c.defaultPhoneNumber?.phoneNumber ?? null,
    emailMarketing: c.defaultEmailAddress?.marketingState ?? "NOT_SUBSCRIBED",
    emailConsentAt: maybeDate(c.defaultEmailAddress?.marketingUpdatedAt),
    smsMarketing: c.defaultPhoneNumber?.marketingState ?? "NOT_SUBSCRIBED",
    tags: c.tags ?? [],
    locale: c.locale ?? null,
    timezone: null,
    numberOfOrders: Number(c.numberOfOrders ?? 0),
    amountSpent: amount(c.amountSpent?.amount),
    createdAt: date(c.createdAt),
    updatedAt: date(c.updatedAt),
  });
}

export function addProduct(batch: RowBatch, shop: string, p: GqlProduct): void {
  const id = gidId(p.id);
  const updatedAt = date(p.updatedAt);
  batch.products.push({
    shop,
    id,
    title: p.title,
    handle: p.handle,
    productType: p.productType ?? "",
    vendor: p.vendor ?? "",
    tags: p.tags ?? [],
    status: p.status ?? "ACTIVE",
    createdAt: date(p.createdAt),
    updatedAt,
  });
  for (const v of p.variants) {
    const options = Object.fromEntries((v.selectedOptions ?? []).map((o) => [o.name, o.value]));
    const size = (v.selectedOptions ?? []).find((o) => sizeOption.test(o.name))?.value ?? null;
    batch.variants.push({
      shop,
      id: gidId(v.id),
      productId: id,
      title: v.title,
      sku: v.sku || null,
      price: amount(v.price),
      size,
      options,
      parentVersion: updatedAt,
    });
  }
}

const NONE_REFUNDED: ReadonlyMap<bigint, number> = new Map();

/**
 * syncedAt: when this snapshot was read (the version of its returns). `given`: units refunds
 * took back per line, given for an edited order; its lines then count only the units the edits
 * left, and a line with none left is not stored (order-edits.ts). Without it, an edited order
 * with no refunds is taken as having none refunded.
 */
export function addOrder(
  batch: RowBatch,
  shop: string,
  o: GqlOrder,
  syncedAt: Date,
  given: Map<bigint, number> | null = null,
): void {
  // An edited order with no refunds: no line has refunded units (order-copy.ts does the same).
  const refunded = given ?? (o.edited && (o.refunds?.length ?? 0) === 0 ? NONE_REFUNDED : null);
  const id = gidId(o.id);
  const updatedAt = date(o.updatedAt);
  const processedAt = date(o.processedAt);
  const customerId = maybeId(o.customer);
  batch.orders.push({
    shop,
    id,
    name: o.name,
    customerId,
    processedAt,
    createdAt: date(o.createdAt),
    updatedAt,
    cancelledAt: maybeDate(o.cancelledAt),
    test: Boolean(o.test),
    currencyCode: o.totalPriceSet.shopMoney.currencyCode,
    financialStatus: o.displayFinancialStatus ?? null,
    returnStatus: o.returnStatus ?? null,
    subtotalPrice: amount(o.subtotalPriceSet?.shopMoney.amount),
    totalPrice: amount(o.totalPriceSet.shopMoney.amount),
    totalRefunded: amount(o.totalRefundedSet?.shopMoney.amount),
  });
  for (const li of o.lineItems) {
    const lineId = gidId(li.id);
    const quantity = refunded
      ? keptUnits(li.quantity, li.currentQuantity ?? li.quantity, refunded.get(lineId) ?? 0)
      : li.quantity;
    if (refunded && quantity === 0) continue;
    batch.lineItems.push({
      shop,
      id: lineId,
      orderId: id,
      customerId,
      processedAt,
      productId: maybeId(li.product),
      variantId: maybeId(li.variant),
      title: li.title,
      variantTitle: li.variantTitle ?? null,
      sku: li.sku || null,
      quantity,
      currentQuantity: li.currentQuantity ?? li.quantity,
      unitPrice: amount(li.originalUnitPriceSet.shopMoney.amount),
      discountedTotal: amount(li.discountedTotalSet.shopMoney.amount),
      parentVersion: updatedAt,
    });
  }
  for (const r of o.refunds ?? []) {
    batch.refunds.push({
      shop,
      id: gidId(r.id),
      orderId: id,
      createdAt: date(r.createdAt),
      amount: amount(r.totalRefundedSet.shopMoney.amount),
      note: r.note ?? null,
      parentVersion: updatedAt,
    });
  }
  for (const r of o.returns ?? []) {
    batch.returns.push({
      shop,
      id: gidId(r.id),
      orderId: id,
      customerId,
      name: r.name ?? "",
      status: r.status,
      createdAt: date(r.createdAt),
      closedAt: maybeDate(r.closedAt),
      syncedAt,
    });
  }
}

/** A return read by id (with line items and reasons), as of syncedAt. */
export function addReturn(batch: RowBatch, shop: string, r: GqlReturn, syncedAt: Date): void {
  const id = gidId(r.id);
  const orderId = gidId(r.order.id);
  const customerId = maybeId(r.order.customer);
  const createdAt = date(r.createdAt);
  batch.returns.push({
    shop,
    id,
    orderId,
    customerId,
    name: r.name ?? "",
    status: r.status,
    createdAt,
    closedAt: maybeDate(r.closedAt),
    syncedAt,
  });
  for (const li of r.returnLineItems?.nodes ?? []) {
    const line = li.fulfillmentLineItem?.lineItem ?? null;
    batch.returnLineItems.push({
      shop,
      id: gidId(li.id),
      returnId: id,
      orderId,
      customerId,
      lineItemId: maybeId(line),
      productId: maybeId(line?.product),
      variantId: maybeId(line?.variant),
      quantity: li.quantity,
      reasonHandle: li.returnReasonDefinition?.handle ?? null,
      reasonName: li.returnReasonDefinition?.name ?? null,
      reasonNote: li.returnReasonNote || null,
      customerNote: li.customerNote || null,
      createdAt,
      parentVersion: syncedAt,
    });
  }
}

export function batchOf(fill: (batch: RowBatch) => void): RowBatch {
  const batch = emptyBatch();
  fill(batch);
  return batch;
}
