// Id scheme. Ids are numbers below 2^53 so they survive JSON; each customer owns a block of
// order ids, which makes "orders sorted by id" equal to "customers by index, then order seq"
// and lets connections and bulk exports stream without materialising the store.

export const CUSTOMER_BASE = 7_000_000_000_000;
export const ORDER_BASE = 5_000_000_000_000;
export const ORDERS_PER_CUSTOMER = 1000;
/** Order seqs at or above this are guest checkouts (customer null) that live in a slot. */
export const GUEST_SEQ = 900;
export const PRODUCT_BASE = 8_000_000_000;
export const VARIANT_BASE = 44_000_000_000;

export const customerId = (index: number): number => CUSTOMER_BASE + index;
export const customerIndexOf = (id: number): number => id - CUSTOMER_BASE;
export const orderId = (index: number, seq: number): number => ORDER_BASE + index * ORDERS_PER_CUSTOMER + seq;
export const orderSlot = (id: number): { index: number; seq: number } => {
  const rel = id - ORDER_BASE;
  return { index: Math.floor(rel / ORDERS_PER_CUSTOMER), seq: rel % ORDERS_PER_CUSTOMER };
};
/** Child ids: line items, refunds, returns, return line items hang off their order id. */
export const childId = (parent: number, k: number, width = 100): number => parent * width + k;
export const parentOf = (child: number, width = 100): number => Math.floor(child / width);

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function parseGid(value: string | number): { type: string | null; id: number } | null {
  if (typeof value === "number") return { type: null, id: value };
  const m = /^gid:\/\/shopify\/(\w+)\/(\d+)/.exec(value);
  if (m) return { type: m[1], id: Number(m[2]) };
  if (/^\d+$/.test(value)) return { type: null, id: Number(value) };
  return null;
}
