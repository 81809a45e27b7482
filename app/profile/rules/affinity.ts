// Product affinity of one customer as of an instant (docs/decisions/0022). Only line items of
// counted orders count. A window of N days holds processedAt in (asOf − N days, asOf], matching
// pillars.md. Counts are distinct orders containing the product (or variant).
// The favourites (favourite product and category, usual size) follow ./favourites.ts.
import { DAY_MS } from "./config";
import type { LineItemFact } from "./facts";
import { favourites } from "./favourites";

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

function stats(
  items: readonly LineItemFact[],
  pick: (l: LineItemFact) => bigint | null,
  asOf: Date,
  windows: [number, number, number],
): ItemStat[] {
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

export function affinity(
  countedLines: readonly LineItemFact[],
  asOf: Date,
  windows: [number, number, number],
): Affinity {
  const lines = countedLines.filter((l) => l.processedAt.getTime() <= asOf.getTime());
  const products = stats(lines, (l) => l.productId, asOf, windows);
  const variants = stats(lines, (l) => l.variantId, asOf, windows);
  const fav = favourites(
    lines.map((l) => ({
      orderId: l.orderId.toString(),
      productId: l.productId?.toString() ?? null,
      at: l.processedAt.getTime(),
      quantity: l.quantity,
      productType: l.productType,
      size: l.size,
    })),
  );
  return {
    products,
    variants,
    favouriteProductId: fav.productId === null ? null : BigInt(fav.productId),
    favouriteCategory: fav.category,
    usualSize: fav.size,
  };
}
