// Root query fields. Anything not listed here resolves to null (or a GraphQL error where the
// schema says non-null), which is how the simulator tells you a field is not simulated.
import { customerIndexOf, gid, parentOf, parseGid } from "../util/ids";
import { returnsAt } from "../store/visible";
import type { GqlContext } from "./context";
import { connectionFromSorted, type PageArgs } from "./connection";
import { rootCustomers, rootOrders, type ListArgs } from "./order-list";
import { customerView, orderView, productView, returnView, variantView } from "./views";
import { matches, parseQuery } from "./search";
import { mutationRoot } from "./mutations";
import { bulkOperationView } from "../bulk/view";

type Args = Record<string, unknown>;

const SHOP_ADDRESS = (ctx: { shop: { name: string } }) => ({
  __typename: "ShopAddress",
  id: gid("ShopAddress", 1),
  company: ctx.shop.name,
  address1: "150 Elgin Street",
  address2: "8th Floor",
  city: "Ottawa",
  province: "Ontario",
  provinceCode: "ON",
  zip: "K2P 1L4",
  country: "Canada",
  countryCodeV2: "CA",
  phone: "",
  formattedArea: "Ottawa ON, Canada",
  coordinatesValidated: false,
});

export function shopView(ctx: GqlContext): Record<string, unknown> {
  return {
    __typename: "Shop",
    id: gid("Shop", 1),
    name: ctx.shop.name,
    email: ctx.shop.email,
    contactEmail: ctx.shop.email,
    myshopifyDomain: ctx.shop.domain,
    url: `https://${ctx.shop.domain}`,
    primaryDomain: { id: gid("Domain", 1), host: ctx.shop.domain, url: `https://${ctx.shop.domain}`, sslEnabled: true },
    currencyCode: "USD",
    enabledPresentmentCurrencies: ["USD"],
    ianaTimezone: "America/New_York",
    timezoneAbbreviation: "EST",
    timezoneOffset: "-0500",
    timezoneOffsetMinutes: -300,
    weightUnit: "KILOGRAMS",
    unitSystem: "METRIC_SYSTEM",
    taxesIncluded: false,
    taxShipping: false,
    createdAt: new Date(ctx.store.config.now - 5 * 365 * 86_400_000).toISOString(),
    updatedAt: new Date(ctx.store.config.now).toISOString(),
    // The store's address (Shopify's own, as in its docs' examples): merchants' emails print it.
    // shopAddress is the address "as it will appear to buyers"; billingAddress, deprecated in
    // favour of it, is the same object here.
    shopAddress: SHOP_ADDRESS(ctx),
    billingAddress: SHOP_ADDRESS(ctx),
    shopOwnerName: "Sim Owner",
    description: "A simulated store",
    plan: {
      displayName: ctx.shop.plan,
      partnerDevelopment: false,
      shopifyPlus: ctx.shop.plan === "Shopify Plus",
      publicDisplayName: ctx.shop.plan,
    },
    orderNumberFormatPrefix: "#",
    orderNumberFormatSuffix: "",
    setupRequired: false,
    checkoutApiSupported: true,
    transactionalSmsDisabled: false,
    marketingSmsConsentEnabledAtCheckout: true,
  };
}

function nodeById(ctx: GqlContext, id: string): unknown {
  const parsed = parseGid(id);
  if (!parsed) return null;
  switch (parsed.type) {
    case "Customer": {
      const h = ctx.store.history(customerIndexOf(parsed.id));
      return h && h.customer.createdAt <= ctx.at && !ctx.store.isDeleted(parsed.id)
        ? customerView(ctx, h.customer, h.orders)
        : null;
    }
    case "Order": {
      const o = ctx.store.order(parsed.id);
      if (!o || o.processedAt > ctx.at) return null;
      const h = ctx.store.history(o.customerIndex)!;
      return orderView(ctx, o, o.customerId === null ? null : h.customer, h.orders);
    }
    case "Product": {
      const p = ctx.store.product(parsed.id);
      return p ? productView(ctx, p) : null;
    }
    case "ProductVariant": {
      const hit = ctx.store.variant(parsed.id);
      return hit ? variantView(ctx, hit.product, hit.variant) : null;
    }
    case "Return": {
      // Return ids hang off their order's (util/ids childId, width 10).
      const o = ctx.store.order(parentOf(parsed.id, 10));
      const r = o && o.processedAt <= ctx.at ? returnsAt(o, ctx.at).find((x) => x.id === parsed.id) : undefined;
      return o && r ? returnView(ctx, o, r, new Map(o.lineItems.map((l) => [l.id, l]))) : null;
    }
    case "BulkOperation":
      return bulkOperationView(ctx.bulk.get(parsed.id));
    default:
      return null;
  }
}

export function queryRoot(ctx: GqlContext): Record<string, unknown> {
  return {
    shop: () => shopView(ctx),
    customers: (a: ListArgs) => rootCustomers(ctx, a),
    orders: (a: ListArgs) => rootOrders(ctx, a),
    products: (a: ListArgs) => {
      const terms = parseQuery(a.query);
      const list = ctx.store.catalog.filter((p) =>
        matches(terms, (f) =>
          f === "id"
            ? p.id
            : f === "title"
              ? p.title.toLowerCase()
              : f === "tag"
                ? p.tags
                : f === "product_type"
                  ? p.productType.toLowerCase()
                  : f === "updated_at"
                    ? Math.max(
                        p.createdAt,
                        p.relaunchedAt !== null && p.relaunchedAt <= ctx.at ? p.relaunchedAt : 0,
                        p.editedAt <= ctx.at ? p.editedAt : 0,
                      )
                    : f === "default"
                      ? p.title.toLowerCase()
                      : undefined,
        ),
      );
      return connectionFromSorted(
        list,
        (p) => [p.id, p.id],
        a,
        (p) => productView(ctx, p),
      );
    },
    customer: (a: Args) => nodeById(ctx, gidOf(a.id, "Customer")),
    order: (a: Args) => nodeById(ctx, gidOf(a.id, "Order")),
    product: (a: Args) => nodeById(ctx, gidOf(a.id, "Product")),
    productVariant: (a: Args) => nodeById(ctx, gidOf(a.id, "ProductVariant")),
    return: (a: Args) => nodeById(ctx, gidOf(a.id, "Return")),
    node: (a: Args) => nodeById(ctx, String(a.id)),
    nodes: (a: Args) => (a.ids as string[]).map((id) => nodeById(ctx, id)),
    bulkOperation: (a: Args) => nodeById(ctx, gidOf(a.id, "BulkOperation")),
    currentBulkOperation: () => bulkOperationView(ctx.bulk.latest()),
    segments: (a: PageArgs) =>
      connectionFromSorted(
        ctx.recorder.segments,
        (s) => [s.id, s.id],
        a,
        (s) => segmentView(s),
      ),
    segment: (a: Args) => {
      const id = parseGid(String(a.id))?.id;
      const s = ctx.recorder.segments.find((x) => x.id === id);
      return s ? segmentView(s) : null;
    },
  };
}

const gidOf = (v: unknown, type: string): string => (String(v).startsWith("gid://") ? String(v) : gid(type, String(v)));

export function segmentView(s: { id: number; at: number; name: string; query: string }): Record<string, unknown> {
  const t = new Date(s.at).toISOString();
  return {
    __typename: "Segment",
    id: gid("Segment", s.id),
    name: s.name,
    query: s.query,
    creationDate: t,
    lastEditDate: t,
  };
}

export function rootValueFor(
  ctx: GqlContext,
  operation: "query" | "mutation" | "subscription",
): Record<string, unknown> {
  return operation === "mutation" ? mutationRoot(ctx) : queryRoot(ctx);
}
