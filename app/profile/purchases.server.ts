// One customer's purchases per product and per variant in rolling windows, computed when read from
// their own counted line items with the pure affinity module (docs/decisions/0087). Nothing here is
// stored: windows relative to now are exact at every read, and a customer has few line items.
import type pg from "pg";
import { affinity, type ItemStat } from "~/profile/rules/affinity";
import { defaultMetricsConfig } from "~/profile/rules/config";
import { SqlParams } from "~/db/params";
import { countedLinesOfCustomer, customerPlaceholders, type CustomerPlaceholders } from "./customer-facts.server";

export interface PurchaseStat {
  id: string;
  title: string;
  /** Distinct orders containing the item in each window, shortest first. */
  orders: [number, number, number];
  ordersTotal: number;
  units: number;
  lastPurchasedAt: string;
}

export interface CustomerPurchases {
  windows: [number, number, number];
  products: PurchaseStat[];
  variants: PurchaseStat[];
  favouriteProduct: string | null;
  favouriteCategory: string | null;
}

interface Row {
  oid: string;
  at: number;
  pid: string | null;
  vid: string | null;
  q: number;
  ptype: string | null;
  size: string | null;
  product: string;
  variant: string | null;
}

// The refresh's counted lines, with titles. Times travel as epoch milliseconds (store times are UTC
// timestamps without a zone).
const statement = (at: CustomerPlaceholders) => `
SELECT li."orderId"::text AS oid, (extract(epoch FROM o."processedAt") * 1000)::float8 AS at, li."productId"::text AS pid, li."variantId"::text AS vid, li.quantity AS q,
  p."productType" AS ptype, v.size, coalesce(p.title, li.title) AS product, coalesce(v.title, li."variantTitle") AS variant
${countedLinesOfCustomer(at)}`;

const big = (v: string | null) => (v === null ? null : BigInt(v));

// Most orders first, then most units, then the latest: the order in which a merchant reads affinity.
const byOrders = (a: ItemStat, b: ItemStat) =>
  b.ordersTotal - a.ordersTotal ||
  b.quantityTotal - a.quantityTotal ||
  b.lastPurchasedAt.getTime() - a.lastPurchasedAt.getTime() ||
  (a.id < b.id ? -1 : 1);

/** The customer's top `limit` products and named variants by orders, as of `asOf`. */
export async function customerPurchases(
  pool: pg.Pool,
  shop: string,
  customerId: bigint,
  asOf: Date,
  limit = 10,
): Promise<CustomerPurchases> {
  const windows = defaultMetricsConfig.affinityWindows;
  const p = new SqlParams();
  const { rows } = await pool.query<Row>(statement(customerPlaceholders(p, { shop, customerId, asOf })), p.values);
  const productTitle = new Map<string, string>();
  const variantTitle = new Map<string, string>();
  for (const r of rows) {
    if (r.pid !== null) productTitle.set(r.pid, r.product);
    // A product's only variant ("Default Title" in Shopify) would repeat the product's own row.
    if (r.vid !== null && r.variant && r.variant !== "Default Title")
      variantTitle.set(r.vid, `${r.product} – ${r.variant}`);
  }
  const lines = rows.map((r) => ({
    orderId: BigInt(r.oid),
    processedAt: new Date(r.at),
    productId: big(r.pid),
    variantId: big(r.vid),
    quantity: r.q,
    productType: r.ptype,
    size: r.size,
  }));
  const a = affinity(lines, asOf, windows);
  const present =
    (titles: Map<string, string>) =>
    (s: ItemStat): PurchaseStat => ({
      id: s.id.toString(),
      title: titles.get(s.id.toString()) ?? "Item",
      orders: s.orders,
      ordersTotal: s.ordersTotal,
      units: s.quantityTotal,
      lastPurchasedAt: s.lastPurchasedAt.toISOString(),
    });
  return {
    windows,
    products: [...a.products].sort(byOrders).slice(0, limit).map(present(productTitle)),
    variants: a.variants
      .filter((v) => variantTitle.has(v.id.toString()))
      .sort(byOrders)
      .slice(0, limit)
      .map(present(variantTitle)),
    favouriteProduct:
      a.favouriteProductId === null ? null : (productTitle.get(a.favouriteProductId.toString()) ?? null),
    favouriteCategory: a.favouriteCategory,
  };
}
