// REST-shaped webhook bodies (snake_case, numeric id + admin_graphql_api_id) per topic.
import { gid } from "../util/ids";
import { centsToDecimal } from "../util/money";
import type { SimCustomer, SimOrder, SimOrderEdit, SimProduct, SimRefund, SimReturn } from "../store/model";
import { RETURN_REASONS } from "../store/model";
import { currentQuantityAt, lineTotal, orderTotal, orderUpdatedAt, refundedAt, returnStatus } from "../store/visible";
import { example, shape } from "./examples";

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const money = (cents: number) => ({
  shop_money: { amount: centsToDecimal(cents), currency_code: "USD" },
  presentment_money: { amount: centsToDecimal(cents), currency_code: "USD" },
});

const STAFF_USER_ID = 548380009;

const PROVINCES: Record<string, [string, string]> = {
  "New York": ["New York", "NY"],
  Chicago: ["Illinois", "IL"],
  "Los Angeles": ["California", "CA"],
  Miami: ["Florida", "FL"],
  Toronto: ["Ontario", "ON"],
  Montréal: ["Quebec", "QC"],
  London: ["England", "ENG"],
  Berlin: ["Berlin", "BE"],
  Paris: ["Île-de-France", "IDF"],
  Sydney: ["New South Wales", "NSW"],
  Tokyo: ["Tokyo", "JP-13"],
  "São Paulo": ["São Paulo", "SP"],
};

function addressOf(c: SimCustomer): Record<string, unknown> {
  const [province, provinceCode] = PROVINCES[c.city] ?? [c.city, c.country];
  return {
    first_name: c.firstName,
    last_name: c.lastName,
    name: `${c.firstName} ${c.lastName}`,
    address1: `${(c.index % 900) + 10} Market Street`,
    address2: null,
    city: c.city,
    province,
    province_code: provinceCode,
    country: c.country,
    country_code: c.country,
    zip: String(10000 + (c.index % 89999)),
    phone: c.phone ?? "",
    company: null,
    latitude: null,
    longitude: null,
  };
}

export interface ShopFacts {
  id: number;
  name: string;
  domain: string;
  email: string;
  plan: string;
}

/** customers/create|update (and the customer of customers/delete) as of 2025-01: the profile only. */
export function customerBody(
  topic: "customers/create" | "customers/update",
  c: SimCustomer,
  updatedAt: number,
): Record<string, unknown> {
  const address = {
    id: c.id * 10 + 1,
    customer_id: c.id,
    first_name: c.firstName,
    last_name: c.lastName,
    company: null,
    address1: `${(c.index % 900) + 10} Market Street`,
    address2: null,
    city: c.city,
    province: null,
    country: c.country,
    zip: String(10000 + (c.index % 89999)),
    phone: c.phone,
    name: `${c.firstName} ${c.lastName}`,
    province_code: null,
    country_code: c.country,
    country_name: c.country,
    default: true,
  };
  return shape(example(topic), {
    id: c.id,
    admin_graphql_api_id: gid("Customer", c.id),
    created_at: iso(c.createdAt),
    updated_at: iso(updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    state: "enabled",
    note: c.note,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    email: c.email,
    phone: c.phone,
    currency: "USD",
    addresses: [address],
    tax_exemptions: [],
    default_address: address,
  }) as Record<string, unknown>;
}

export function customerDeleteBody(id: number): Record<string, unknown> {
  return shape(example("customers/delete"), {
    id,
    admin_graphql_api_id: gid("Customer", id),
    tax_exemptions: [],
  }) as Record<string, unknown>;
}

export function emailConsentBody(c: SimCustomer): Record<string, unknown> {
  return shape(example("customers_email_marketing_consent/update"), {
    customer_id: c.id,
    email_address: c.email,
    email_marketing_consent: {
      state: c.emailState.toLowerCase(),
      opt_in_level: c.emailOptIn.toLowerCase(),
      consent_updated_at: iso(c.emailConsentAt),
    },
  }) as Record<string, unknown>;
}

export function smsConsentBody(c: SimCustomer, at: number): Record<string, unknown> {
  return shape(example("customers_marketing_consent/update"), {
    id: c.id,
    phone: c.phone,
    sms_marketing_consent: {
      state: c.smsState ? c.smsState.toLowerCase() : null,
      opt_in_level: "single_opt_in",
      consent_updated_at: iso(at),
      consent_collected_from: "other",
    },
  }) as Record<string, unknown>;
}

export function tagsBody(
  topic: "customer.tags_added" | "customer.tags_removed",
  customerId: number,
  tags: string[],
  at: number,
): Record<string, unknown> {
  return shape(example(topic), { customerId: gid("Customer", customerId), tags, occurredAt: iso(at) }) as Record<
    string,
    unknown
  >;
}

export function purchasingSummaryBody(
  customerId: number,
  stats: { count: number; spentCents: number; lastOrderId: number | null },
  at: number,
): Record<string, unknown> {
  return shape(example("customers/purchasing_summary"), {
    customerId: gid("Customer", customerId),
    numberOfOrders: stats.count,
    amountSpent: { amount: centsToDecimal(stats.spentCents), currencyCode: "USD" },
    lastOrderId: stats.lastOrderId === null ? null : gid("Order", stats.lastOrderId),
    occurredAt: iso(at),
  }) as Record<string, unknown>;
}

export function orderBody(
  topic: string,
  o: SimOrder,
  customer: SimCustomer | null,
  at: number,
  shop: ShopFacts,
): Record<string, unknown> {
  const total = orderTotal(o);
  const refunded = refundedAt(o, at);
  const discounts = o.lineItems.reduce((s, l) => s + l.discountCents, 0);
  const cancelled = o.cancelledAt !== null && o.cancelledAt <= at ? o.cancelledAt : null;
  const ours: Record<string, unknown> = {
    id: o.id,
    admin_graphql_api_id: gid("Order", o.id),
    name: `#${o.number}`,
    order_number: o.number,
    number: o.number - 1000,
    email: customer?.email ?? "",
    contact_email: customer?.email ?? null,
    phone: customer?.phone ?? null,
    created_at: iso(o.processedAt),
    processed_at: iso(o.processedAt),
    updated_at: iso(orderUpdatedAt(o, at)),
    cancelled_at: iso(cancelled),
    cancel_reason: cancelled !== null ? (o.cancelReason ?? "other").toLowerCase() : null,
    closed_at: iso(cancelled),
    confirmed: true,
    test: o.test,
    currency: "USD",
    presentment_currency: "USD",
    buyer_accepts_marketing: customer?.emailState === "SUBSCRIBED",
    customer_locale: customer?.locale ?? "en",
    financial_status: refunded === 0 ? "paid" : refunded >= total ? "refunded" : "partially_refunded",
    fulfillment_status: "fulfilled",
    tags: o.tags.join(", "),
    note: null,
    source_name: "web",
    total_price: centsToDecimal(total),
    subtotal_price: centsToDecimal(total),
    current_total_price: centsToDecimal(total - refunded),
    current_subtotal_price: centsToDecimal(total - refunded),
    total_discounts: centsToDecimal(discounts),
    current_total_discounts: centsToDecimal(discounts),
    total_line_items_price: centsToDecimal(total + discounts),
    total_tax: "0.00",
    current_total_tax: "0.00",
    total_price_set: money(total),
    subtotal_price_set: money(total),
    current_total_price_set: money(total - refunded),
    current_subtotal_price_set: money(total - refunded),
    total_discounts_set: money(discounts),
    current_total_discounts_set: money(discounts),
    total_line_items_price_set: money(total + discounts),
    total_tax_set: money(0),
    current_total_tax_set: money(0),
    total_shipping_price_set: money(0),
    company: null,
    billing_address: customer ? addressOf(customer) : null,
    shipping_address: customer ? addressOf(customer) : null,
    customer: customer
      ? {
          id: customer.id,
          admin_graphql_api_id: gid("Customer", customer.id),
          email: customer.email,
          first_name: customer.firstName,
          last_name: customer.lastName,
          phone: customer.phone,
          created_at: iso(customer.createdAt),
          updated_at: iso(customer.createdAt),
          state: "enabled",
          note: null,
          verified_email: true,
          multipass_identifier: null,
          tax_exempt: false,
          currency: "USD",
          tags: customer.tags.join(", "),
          tax_exemptions: [],
          default_address: {
            ...addressOf(customer),
            id: customer.id * 10 + 1,
            customer_id: customer.id,
            country_name: customer.country,
            default: true,
          },
        }
      : undefined,
    line_items: o.lineItems.map((l) => ({
      id: l.id,
      admin_graphql_api_id: gid("LineItem", l.id),
      product_id: l.productId,
      variant_id: l.variantId,
      title: l.title,
      variant_title: l.variantTitle,
      name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
      sku: l.sku,
      vendor: "Rapport Demo Goods",
      quantity: l.quantity,
      current_quantity: currentQuantityAt(o, l, at),
      fulfillable_quantity: 0,
      price: centsToDecimal(l.unitCents),
      price_set: money(l.unitCents),
      total_discount: centsToDecimal(l.discountCents),
      total_discount_set: money(l.discountCents),
      discount_allocations: [],
      tax_lines: [],
      duties: [],
      properties: [],
      gift_card: false,
      taxable: true,
      requires_shipping: true,
    })),
    refunds: o.refunds.filter((r) => r.createdAt <= at).map((r) => refundBody(o, r)),
    discount_codes: discounts > 0 ? [{ code: "WELCOME10", amount: centsToDecimal(discounts), type: "percentage" }] : [],
    discount_applications: [],
    fulfillments: [],
    shipping_lines: [],
    tax_lines: [],
    note_attributes: [],
    payment_gateway_names: ["shopify_payments"],
    order_status_url: `https://${shop.domain}/orders/${o.id}`,
    user_id: null,
    app_id: null,
  };
  const body = shape(example(topic), ours) as Record<string, unknown>;
  // Guest checkouts carry no customer at all in REST payloads.
  if (!customer) delete body.customer;
  return body;
}

/** orders/edited: the edit, not the order (Shopify's example: {order_edit: {…, line_items: {additions, removals}}}). */
export function orderEditBody(o: SimOrder, e: SimOrderEdit): Record<string, unknown> {
  const template = example("orders/edited");
  const body = shape(template, {
    order_edit: {
      id: e.id,
      app_id: null,
      created_at: iso(e.committedAt),
      committed_at: iso(e.committedAt),
      notify_customer: false,
      order_id: o.id,
      staff_note: "",
      user_id: STAFF_USER_ID,
      line_items: { additions: [], removals: e.removals.map((r) => ({ id: r.lineItemId, delta: r.delta })) },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  }) as Record<string, unknown>;
  return body;
}

export function refundBody(o: SimOrder, r: SimRefund): Record<string, unknown> {
  return shape(example("refunds/create"), {
    id: r.id,
    admin_graphql_api_id: gid("Refund", r.id),
    order_id: o.id,
    created_at: iso(r.createdAt),
    processed_at: iso(r.createdAt),
    note: r.note,
    user_id: STAFF_USER_ID,
    restock: false,
    return: null,
    duties: [],
    order_adjustments: [],
    refund_shipping_lines: [],
    transactions: [
      {
        id: r.id + 1,
        admin_graphql_api_id: gid("OrderTransaction", r.id + 1),
        order_id: o.id,
        kind: "refund",
        gateway: "shopify_payments",
        status: "success",
        amount: centsToDecimal(r.amountCents),
        currency: "USD",
        created_at: iso(r.createdAt),
        processed_at: iso(r.createdAt),
        test: false,
        parent_id: null,
        user_id: null,
        location_id: null,
        device_id: null,
        message: null,
        error_code: null,
        authorization: null,
        source_name: "web",
      },
    ],
    refund_line_items: r.lines.map((rl) => {
      const line = o.lineItems.find((l) => l.id === rl.lineItemId)!;
      return {
        id: rl.id,
        quantity: rl.quantity,
        line_item_id: rl.lineItemId,
        location_id: null,
        restock_type: "no_restock",
        subtotal: rl.subtotalCents / 100,
        total_tax: 0,
        subtotal_set: money(rl.subtotalCents),
        total_tax_set: money(0),
        line_item: {
          id: line.id,
          admin_graphql_api_id: gid("LineItem", line.id),
          product_id: line.productId,
          variant_id: line.variantId,
          title: line.title,
          variant_title: line.variantTitle,
          name: line.title,
          sku: line.sku,
          quantity: line.quantity,
          price: centsToDecimal(line.unitCents),
          price_set: money(line.unitCents),
          total_discount: centsToDecimal(line.discountCents),
          total_discount_set: money(line.discountCents),
          discount_allocations: [],
          tax_lines: [],
          duties: [],
          properties: [],
        },
      };
    }),
  }) as Record<string, unknown>;
}

export function returnBody(topic: string, o: SimOrder, r: SimReturn, at: number): Record<string, unknown> {
  const status = returnStatus(r, at).toLowerCase();
  if (topic === "returns/close")
    return shape(example(topic), {
      id: r.id,
      admin_graphql_api_id: gid("Return", r.id),
      order_id: o.id,
      status,
    }) as Record<string, unknown>;
  return shape(example(topic === "returns/decline" ? "returns/decline" : topic), {
    id: r.id,
    admin_graphql_api_id: gid("Return", r.id),
    status,
    name: r.name,
    order: { id: o.id, admin_graphql_api_id: gid("Order", o.id) },
    total_return_line_items: r.lines.length,
    return_line_items: r.lines.map((rl) => {
      const line = o.lineItems.find((l) => l.id === rl.lineItemId)!;
      return {
        id: rl.id,
        admin_graphql_api_id: gid("ReturnLineItem", rl.id),
        fulfillment_line_item: {
          id: line.id,
          admin_graphql_api_id: gid("FulfillmentLineItem", line.id),
          line_item: { id: line.id, admin_graphql_api_id: gid("LineItem", line.id) },
        },
        quantity: rl.quantity,
        return_reason: rl.reasonHandle.replaceAll("-", "_"),
        return_reason_definition: {
          id: Object.keys(RETURN_REASONS).indexOf(rl.reasonHandle) + 1,
          handle: rl.reasonHandle,
          name: RETURN_REASONS[rl.reasonHandle] ?? rl.reasonHandle,
        },
        return_reason_note: rl.reasonNote,
        customer_note: rl.customerNote,
        restocking_fee: null,
        total_weight: null,
        withCodeDiscountedTotalPriceSet: money(Math.round(lineTotal(line) / line.quantity) * rl.quantity),
      };
    }),
    return_shipping_fees: [],
    exchange_line_items: [],
    total_exchange_line_items: 0,
  }) as Record<string, unknown>;
}

export function productBody(p: SimProduct, at: number): Record<string, unknown> {
  const relaunched = p.relaunchedAt !== null && p.relaunchedAt <= at ? p.relaunchedAt : null;
  const updated = Math.max(p.createdAt, relaunched ?? 0, p.editedAt <= at ? p.editedAt : 0);
  const tags = relaunched !== null ? [...p.tags, `relaunched:${iso(relaunched)!.slice(0, 10)}`] : p.tags;
  const optionName = p.sized ? "Size" : "Title";
  return shape(example("products/update"), {
    id: p.id,
    admin_graphql_api_id: gid("Product", p.id),
    title: p.title,
    body_html: p.descriptionHtml,
    handle: p.handle,
    vendor: p.vendor,
    product_type: p.productType,
    created_at: iso(p.createdAt),
    updated_at: iso(updated),
    published_at: iso(p.createdAt),
    status: "active",
    tags: tags.join(", "),
    variants: p.variants.map((v) => ({
      id: v.id,
      admin_graphql_api_id: gid("ProductVariant", v.id),
      product_id: p.id,
      title: v.title,
      price: centsToDecimal(v.priceCents),
      sku: v.sku,
      position: v.position,
      option1: v.title,
      option2: null,
      option3: null,
      compare_at_price: null,
      barcode: null,
      created_at: iso(p.createdAt),
      updated_at: iso(updated),
      inventory_quantity: 100,
      image_id: null,
      inventory_item_id: null,
    })),
    options: [
      { id: p.id * 10 + 1, product_id: p.id, name: optionName, position: 1, values: p.variants.map((v) => v.title) },
    ],
    images: [productImage(p)],
    image: productImage(p),
    media: [],
  }) as Record<string, unknown>;
}

function productImage(p: SimProduct): Record<string, unknown> {
  const id = p.id * 10 + 7;
  return {
    id,
    admin_graphql_api_id: gid("ProductImage", id),
    product_id: p.id,
    position: 1,
    alt: p.title,
    width: 1200,
    height: 1200,
    src: `https://cdn.shopify.com/s/files/sim/products/${p.handle}.jpg`,
    variant_ids: [],
    created_at: iso(p.createdAt),
    updated_at: iso(p.createdAt),
  };
}

export function shopBody(shop: ShopFacts): Record<string, unknown> {
  return shape(example("app/uninstalled"), {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    customer_email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    plan_display_name: shop.plan,
    currency: "USD",
    iana_timezone: "America/New_York",
    country: "US",
    country_code: "US",
    country_name: "United States",
  }) as Record<string, unknown>;
}
