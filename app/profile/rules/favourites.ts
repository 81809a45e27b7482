// A customer's all-time favourites from their counted line items (docs/decisions/0022): the one
// rule used by the refresh, the whole-shop recompute (which streams each customer's lines through
// it, docs/decisions/0087) and the customer page. Ids are decimal strings, compared by value.
// Favourite product: most distinct orders, then most units, then most recent purchase, then lowest id.
// Favourite category: the productType (non-empty) in most distinct orders, ties alphabetical.
// Usual size: the variant Size option bought in most units, ties alphabetical.

export interface FavouriteLine {
  orderId: string;
  productId: string | null;
  /** When the order was processed, epoch milliseconds. */
  at: number;
  quantity: number;
  productType: string | null;
  size: string | null;
}

export interface Favourites {
  productId: string | null;
  category: string | null;
  size: string | null;
}

// Non-negative integers without leading zeros: the shorter is smaller, else the text order is the numeric one.
const byValue = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
const alphabetical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The key with the largest count; ties go to the key that `tie` puts first. */
function topBy(counts: Map<string, number>, tie: (a: string, b: string) => number): string | null {
  let best: string | null = null;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && tie(key, best) < 0)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

interface ProductTally {
  orders: Set<string>;
  units: number;
  last: number;
}

export function favourites(lines: readonly FavouriteLine[]): Favourites {
  const products = new Map<string, ProductTally>();
  const categoryOrders = new Map<string, Set<string>>();
  const sizeUnits = new Map<string, number>();
  for (const l of lines) {
    if (l.productId !== null) {
      const p = products.get(l.productId) ?? { orders: new Set<string>(), units: 0, last: -Infinity };
      p.orders.add(l.orderId);
      p.units += l.quantity;
      p.last = Math.max(p.last, l.at);
      products.set(l.productId, p);
    }
    if (l.productType)
      categoryOrders.set(l.productType, (categoryOrders.get(l.productType) ?? new Set<string>()).add(l.orderId));
    if (l.size) sizeUnits.set(l.size, (sizeUnits.get(l.size) ?? 0) + l.quantity);
  }
  let productId: string | null = null;
  let best: ProductTally | null = null;
  for (const [id, p] of products) {
    if (
      best === null ||
      (p.orders.size - best.orders.size || p.units - best.units || p.last - best.last || byValue(productId!, id)) > 0
    ) {
      productId = id;
      best = p;
    }
  }
  const categories = new Map([...categoryOrders].map(([k, v]) => [k, v.size]));
  return { productId, category: topBy(categories, alphabetical), size: topBy(sizeUnits, alphabetical) };
}
