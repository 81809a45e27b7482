// Product affinity of one customer as of an instant (docs/decisions/0022). Only line items of
// counted orders count. A window of N days holds processedAt in (asOf − N days, asOf], matching
// pillars.md. Counts are distinct orders containing the product (or variant).
// Favourite product: most orders, then most units, then most recent purchase, then lowest id.
// Favourite category: the productType (non-empty) in most orders, ties alphabetical.
// Usual size: the variant Size option bought in most units, ties alphabetical.
import { DAY_MS } from "./config";
import type { LineItemFact } from "./facts";

export interface ItemStat {
  id: bigint;
  orders: [number, number, number];
  ordersTotal: number;
  quantityTotal: number;
  lastPurchasedAt: Date;
}

export interface Affinity {
  products: ItemStat[];
  variants: ItemStat[];
  favouriteProductId: bigint | null;
  favouriteCategory: string | null;
  usualSize: string | null;
}

function stats(items: readonly LineItemFact[], pick: (l: LineItemFact) => bigint | null, asOf: Date, windows: [number, number, number]): ItemStat[] {
  const byId = new Map<bigint, { orders: Map<bigint, Date>; quantity: number }>();
  for (const line of items) {
    const id = pick(line);
    if (id === null) continue;
    const entry = byId.get(id) ?? { orders: new Map<bigint, Date>(), quantity: 0 };
    entry.orders.set(line.orderId, line.processedAt);
    entry.quantity += line.quantity;
    byId.set(id, entry);
  }
  const t = asOf.getTime();
  return [...byId.entries()]
    .map(([id, e]) => {
      const times = [...e.orders.values()].map((d) => d.getTime());
      const within = (days: number) => times.filter((x) => x > t - days * DAY_MS && x <= t).length;
      return {
        id,
        orders: [within(windows[0]), within(windows[1]), within(windows[2])] as [number, number, number],
        ordersTotal: times.length,
        quantityTotal: e.quantity,
        lastPurchasedAt: new Date(Math.max(...times)),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

function topBy<T>(entries: [T, number][], tie: (a: T, b: T) => number): T | null {
  const best = entries.sort((a, b) => b[1] - a[1] || tie(a[0], b[0]))[0];
  return best ? best[0] : null;
}

export function affinity(countedLines: readonly LineItemFact[], asOf: Date, windows: [number, number, number]): Affinity {
  const lines = countedLines.filter((l) => l.processedAt.getTime() <= asOf.getTime());
  const products = stats(lines, (l) => l.productId, asOf, windows);
  const variants = stats(lines, (l) => l.variantId, asOf, windows);
  const favourite = [...products].sort(
    (a, b) => b.ordersTotal - a.ordersTotal || b.quantityTotal - a.quantityTotal || b.lastPurchasedAt.getTime() - a.lastPurchasedAt.getTime() || (a.id < b.id ? -1 : 1),
  )[0];
  const categoryOrders = new Map<string, Set<bigint>>();
  const sizeUnits = new Map<string, number>();
  for (const l of lines) {
    if (l.productType) categoryOrders.set(l.productType, (categoryOrders.get(l.productType) ?? new Set()).add(l.orderId));
    if (l.size) sizeUnits.set(l.size, (sizeUnits.get(l.size) ?? 0) + l.quantity);
  }
  const alphabetical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    products,
    variants,
    favouriteProductId: favourite ? favourite.id : null,
    favouriteCategory: topBy([...categoryOrders.entries()].map(([k, v]) => [k, v.size]), alphabetical),
    usualSize: topBy([...sizeUnits.entries()], alphabetical),
  };
}
