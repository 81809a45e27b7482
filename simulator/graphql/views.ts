// GraphQL-shaped views over simulator records. graphql-js's default resolver reads these
// properties, calling the functions (connection fields) with the field's arguments.
import { gid } from "../util/ids";
import { moneyBag, moneyV2 } from "../util/money";
import {
  RETURN_REASONS,
  type SimCustomer,
  type SimLineItem,
  type SimOrder,
  type SimProduct,
  type SimRefund,
  type SimReturn,
} from "../store/model";
import {
  customerOrdersAt,
  customerStats,
  customerUpdatedAt,
  lineTotal,
  returnClosedAt,
  returnStatus,
} from "../store/visible";
import { connectionFromSorted, type PageArgs } from "./connection";
import { orderConnection } from "./order-list";
import { orderView } from "./order-view";
import { lineView } from "./line-item-view";
import type { GqlContext } from "./context";

const iso = (t: number | null): string | null =>
  t === null ? null : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
type View = Record<string, unknown>;
const byId = <T extends { id: number }>(t: T): [number, number] => [t.id, t.id];

export function customerView(ctx: GqlContext, c: SimCustomer, orders: SimOrder[]): View {
  const { at } = ctx;
  let memo: ReturnType<typeof customerStats> | null = null;
  const statsOf = (): ReturnType<typeof customerStats> => (memo ??= customerStats(orders, at));
  const emailAddress = {
    emailAddress: c.email,
    marketingState: c.emailState,
    marketingOptInLevel: c.emailOptIn,
    marketingUpdatedAt: iso(c.emailConsentAt),
    marketingUnsubscribeUrl: `https://${ctx.shop.domain}/unsubscribe?c=${c.id}`,
    openTrackingLevel: "OPTED_IN",
    openTrackingUrl: `https://${ctx.shop.domain}/open?c=${c.id}`,
    validFormat: true,
    sourceLocation: null,
  };
  const sms = c.phone
    ? {
        marketingState: c.smsState ?? "NOT_SUBSCRIBED",
        marketingOptInLevel: c.smsState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : "UNKNOWN",
        consentUpdatedAt: iso(c.emailConsentAt),
        consentCollectedFrom: "SHOPIFY",
      }
    : null;
  const address = {
    __typename: "MailingAddress",
    id: gid("MailingAddress", c.id * 10 + 1),
    firstName: c.firstName,
    lastName: c.lastName,
    name: `${c.firstName} ${c.lastName}`,
    city: c.city,
    country: c.country,
    countryCodeV2: c.country,
    timeZone: c.timezone,
    phone: c.phone,
    address1: `${(c.index % 900) + 10} Market Street`,
    address2: null,
    zip: String(10000 + (c.index % 89999)),
    province: null,
    provinceCode: null,
    company: null,
    coordinatesValidated: false,
    formatted: () => [`${(c.index % 900) + 10} Market Street`, c.city, c.country],
    formattedArea: `${c.city}, ${c.country}`,
  };
  return {
    __typename: "Customer",
    id: gid("Customer", c.id),
    legacyResourceId: String(c.id),
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: `${c.firstName} ${c.lastName}`,
    email: c.email,
    phone: c.phone,
    get defaultEmailAddress() {
      return emailAddress;
    },
    get defaultPhoneNumber() {
      return c.phone
        ? {
            phoneNumber: c.phone,
            marketingState: sms!.marketingState,
            marketingOptInLevel: sms!.marketingOptInLevel,
            marketingUpdatedAt: sms!.consentUpdatedAt,
            marketingCollectedFrom: "SHOPIFY",
          }
        : null;
    },
    get emailMarketingConsent() {
      return {
        marketingState: c.emailState,
        marketingOptInLevel: c.emailOptIn,
        consentUpdatedAt: iso(c.emailConsentAt),
      };
    },
    get smsMarketingConsent() {
      return sms;
    },
    get numberOfOrders() {
      return String(statsOf().count);
    },
    get amountSpent() {
      return moneyV2(statsOf().spentCents);
    },
    lastOrder: () => {
      const last = statsOf().lastOrder;
      return last ? orderView(ctx, last, c, orders) : null;
    },
    tags: c.tags,
    locale: c.locale,
    note: c.note,
    state: "ENABLED",
    verifiedEmail: true,
    taxExempt: false,
    taxExemptions: [],
    dataSaleOptOut: false,
    get canDelete() {
      return statsOf().count === 0;
    },
    createdAt: iso(c.createdAt),
    get updatedAt() {
      return iso(customerUpdatedAt(c, orders, at));
    },
    get lifetimeDuration() {
      return `${Math.max(0, Math.round((at - c.createdAt) / 86_400_000))} days`;
    },
    get defaultAddress() {
      return address;
    },
    get addresses() {
      return [address];
    },
    addressesV2: (args: PageArgs) =>
      connectionFromSorted(
        [address],
        () => [c.id, c.id],
        args,
        (a) => a,
      ),
    multipassIdentifier: null,
    productSubscriberStatus: "NEVER_SUBSCRIBED",
    orders: (args: PageArgs & { query?: string; sortKey?: string }) =>
      orderConnection(
        ctx,
        customerOrdersAt(orders, at).map((o) => ({ order: o, customer: c, siblings: orders })),
        args,
      ),
  };
}

export function refundView(ctx: GqlContext, o: SimOrder, r: SimRefund): View {
  return {
    __typename: "Refund",
    id: gid("Refund", r.id),
    legacyResourceId: String(r.id),
    createdAt: iso(r.createdAt),
    processedAt: iso(r.createdAt),
    get updatedAt() {
      return iso(r.createdAt);
    },
    note: r.note,
    get totalRefundedSet() {
      return moneyBag(r.amountCents);
    },
    order: () => orderView(ctx, o, ctx.store.customer(o.customerId ?? -1), []),
    refundLineItems: (args: PageArgs) =>
      connectionFromSorted(r.lines, byId, args, (rl) => ({
        id: gid("RefundLineItem", rl.id),
        quantity: rl.quantity,
        restocked: false,
        restockType: "NO_RESTOCK",
        subtotalSet: moneyBag(rl.subtotalCents),
        priceSet: moneyBag(Math.round(rl.subtotalCents / rl.quantity)),
        get totalTaxSet() {
          return moneyBag(0);
        },
        lineItem: () =>
          lineView(
            ctx,
            o,
            o.lineItems.find((l) => l.id === rl.lineItemId)!,
          ),
      })),
  };
}

export function returnView(ctx: GqlContext, o: SimOrder, r: SimReturn, lines: Map<number, SimLineItem>): View {
  const status = returnStatus(r, ctx.at);
  return {
    __typename: "Return",
    id: gid("Return", r.id),
    name: r.name,
    status,
    createdAt: iso(r.requestedAt),
    requestApprovedAt: iso(r.approvedAt !== null && r.approvedAt <= ctx.at ? r.approvedAt : null),
    closedAt: iso(returnClosedAt(r, ctx.at)),
    totalQuantity: r.lines.reduce((s, l) => s + l.quantity, 0),
    decline: status === "DECLINED" ? { reason: "OTHER", note: null } : null,
    order: () => orderView(ctx, o, ctx.store.customer(o.customerId ?? -1), []),
    returnLineItems: (args: PageArgs) =>
      connectionFromSorted(r.lines, byId, args, (rl) => {
        const line = lines.get(rl.lineItemId)!;
        const refunded = status === "CLOSED" ? rl.quantity : 0;
        return {
          __typename: "ReturnLineItem",
          id: gid("ReturnLineItem", rl.id),
          quantity: rl.quantity,
          processedQuantity: refunded,
          unprocessedQuantity: rl.quantity - refunded,
          processableQuantity: rl.quantity - refunded,
          get refundableQuantity() {
            return rl.quantity - refunded;
          },
          refundedQuantity: refunded,
          returnReason: rl.reasonHandle.toUpperCase().replaceAll("-", "_"),
          returnReasonNote: rl.reasonNote,
          customerNote: rl.customerNote,
          get returnReasonDefinition() {
            return {
              __typename: "ReturnReasonDefinition",
              id: gid("ReturnReasonDefinition", Object.keys(RETURN_REASONS).indexOf(rl.reasonHandle) + 1),
              handle: rl.reasonHandle,
              name: RETURN_REASONS[rl.reasonHandle] ?? rl.reasonHandle,
              deleted: false,
            };
          },
          get withCodeDiscountedTotalPriceSet() {
            return moneyBag(Math.round(lineTotal(line) / line.quantity) * rl.quantity);
          },
          get fulfillmentLineItem() {
            return {
              __typename: "FulfillmentLineItem",
              id: gid("FulfillmentLineItem", line.id),
              quantity: line.quantity,
              lineItem: () => lineView(ctx, o, line),
              originalTotalSet: moneyBag(line.unitCents * line.quantity),
              discountedTotalSet: moneyBag(lineTotal(line)),
            };
          },
        };
      }),
  };
}

const productCache = new WeakMap<GqlContext, Map<number, View>>();
/** One view per product per request: every line item of a bulk export points at the same few products. */
export function cachedProductView(ctx: GqlContext, p: SimProduct): View {
  let byProduct = productCache.get(ctx);
  if (!byProduct) productCache.set(ctx, (byProduct = new Map()));
  let view = byProduct.get(p.id);
  if (!view) byProduct.set(p.id, (view = productView(ctx, p)));
  return view;
}

export function productView(ctx: GqlContext, p: SimProduct): View {
  const relaunched = p.relaunchedAt !== null && p.relaunchedAt <= ctx.at ? p.relaunchedAt : null;
  const edited = p.editedAt && p.editedAt <= ctx.at ? p.editedAt : 0;
  const prices = p.variants.map((v) => v.priceCents);
  return {
    __typename: "Product",
    id: gid("Product", p.id),
    legacyResourceId: String(p.id),
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    productType: p.productType,
    status: "ACTIVE",
    get description() {
      return p.descriptionHtml.replace(/<[^>]+>/g, "");
    },
    descriptionHtml: p.descriptionHtml,
    get tags() {
      return relaunched !== null ? [...p.tags, `relaunched:${iso(relaunched)!.slice(0, 10)}`] : p.tags;
    },
    createdAt: iso(p.createdAt),
    publishedAt: iso(p.createdAt),
    get updatedAt() {
      return iso(Math.max(p.createdAt, relaunched ?? 0, edited));
    },
    hasOnlyDefaultVariant: !p.sized,
    isGiftCard: false,
    totalInventory: 1000,
    tracksInventory: false,
    onlineStoreUrl: `https://${ctx.shop.domain}/products/${p.handle}`,
    get priceRangeV2() {
      return { minVariantPrice: moneyV2(Math.min(...prices)), maxVariantPrice: moneyV2(Math.max(...prices)) };
    },
    options: () => [
      {
        __typename: "ProductOption",
        id: gid("ProductOption", p.id * 10 + 1),
        name: p.sized ? "Size" : "Title",
        position: 1,
        values: p.variants.map((v) => v.title),
        optionValues: p.variants.map((v) => ({
          id: gid("ProductOptionValue", v.id),
          name: v.title,
          hasVariants: true,
        })),
      },
    ],
    variants: (args: PageArgs) => connectionFromSorted(p.variants, byId, args, (v) => variantView(ctx, p, v)),
    variantsCount: { count: p.variants.length, precision: "EXACT" },
  };
}

export function variantView(ctx: GqlContext, p: SimProduct, v: SimProduct["variants"][number]): View {
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", v.id),
    legacyResourceId: String(v.id),
    title: v.title,
    displayName: `${p.title} - ${v.title}`,
    sku: v.sku,
    price: (v.priceCents / 100).toFixed(2),
    compareAtPrice: null,
    position: v.position,
    availableForSale: true,
    taxable: true,
    inventoryQuantity: 100,
    barcode: null,
    createdAt: iso(p.createdAt),
    get updatedAt() {
      return iso(p.createdAt);
    },
    get selectedOptions() {
      return [{ name: p.sized ? "Size" : "Title", value: v.title }];
    },
    product: () => productView(ctx, p),
  };
}

export { orderView, lineView };
