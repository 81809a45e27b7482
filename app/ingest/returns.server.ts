// Return details (line items, reasons) read per order: after the orders bulk pass, and when a
// returns/* webhook arrives (its payload may hold no line items).
import type pg from "pg";
import type { AdminGraphql } from "~/shopify/admin";
import { ORDER_RETURNS_BY_IDS, ORDER_RETURNS_PAGE, RETURN_LINE_ITEMS_PAGE } from "~/shopify/queries/returns";
import type { GqlReturn, GqlReturnLineItem, GqlReturnSummary } from "~/ingest/graphql-types";
import { toGid } from "~/ingest/ids";
import { addReturn } from "~/ingest/map-graphql";
import { emptyBatch } from "~/ingest/rows";
import { writeBatch, type WriteResult } from "~/ingest/writers.server";

export const ORDERS_PER_RETURNS_REQUEST = 13;

interface Page<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}
type PagedReturn = GqlReturnSummary & { returnLineItems: Page<GqlReturnLineItem> };

interface OrderReturns {
  __typename?: string;
  id: string;
  customer: { id: string } | null;
  returns: Page<PagedReturn>;
}

const more = (page: Page<unknown>["pageInfo"]): string | null => (page.hasNextPage && page.endCursor ? page.endCursor : null);

/** Every line of a return: its first page, then the rest by cursor. */
async function allReturnLines(admin: AdminGraphql, r: PagedReturn): Promise<GqlReturnLineItem[]> {
  const lines = [...r.returnLineItems.nodes];
  let after = more(r.returnLineItems.pageInfo);
  while (after) {
    const data = await admin.request<{ return: { returnLineItems: Page<GqlReturnLineItem> } | null }>(RETURN_LINE_ITEMS_PAGE, { id: r.id, after });
    if (!data.return) break;
    lines.push(...data.return.returnLineItems.nodes);
    after = more(data.return.returnLineItems.pageInfo);
  }
  return lines;
}

/** Every return of an order: the first page it came with, then the rest by cursor. */
async function allReturns(admin: AdminGraphql, order: OrderReturns): Promise<PagedReturn[]> {
  const returns = [...order.returns.nodes];
  let after = more(order.returns.pageInfo);
  while (after) {
    const data = await admin.request<{ order: { returns: Page<PagedReturn> } | null }>(ORDER_RETURNS_PAGE, { id: order.id, after });
    if (!data.order) break;
    returns.push(...data.order.returns.nodes);
    after = more(data.order.returns.pageInfo);
  }
  return returns;
}

/** The returns (with every line) of these orders. */
export async function fetchReturns(admin: AdminGraphql, orderIds: bigint[]): Promise<GqlReturn[]> {
  const out: GqlReturn[] = [];
  for (let i = 0; i < orderIds.length; i += ORDERS_PER_RETURNS_REQUEST) {
    const ids = orderIds.slice(i, i + ORDERS_PER_RETURNS_REQUEST).map((id) => toGid("Order", id));
    const data = await admin.request<{ nodes: (OrderReturns | null)[] }>(ORDER_RETURNS_BY_IDS, { ids });
    for (const order of data.nodes) {
      if (!order?.returns) continue;
      for (const r of await allReturns(admin, order)) {
        const nodes = await allReturnLines(admin, r);
        out.push({ ...r, returnLineItems: { nodes }, order: { id: order.id, customer: order.customer } });
      }
    }
  }
  return out;
}

export async function syncReturns(
  pool: pg.Pool,
  admin: AdminGraphql,
  shop: string,
  orderIds: bigint[],
  now: Date,
  after?: (client: pg.PoolClient, result: WriteResult) => Promise<void>,
): Promise<{ read: number; result: WriteResult }> {
  const returns = await fetchReturns(admin, orderIds);
  const batch = emptyBatch();
  for (const r of returns) addReturn(batch, shop, r, now);
  const result = await writeBatch(pool, batch, {
    returning: true,
    after: async (client, written) => {
      await client.query(
        `UPDATE "ReturnLineItem" r SET "productId" = l."productId", "variantId" = l."variantId" FROM "LineItem" l
         WHERE r.shop = $1 AND r."orderId" = ANY($2::bigint[]) AND l.shop = r.shop AND l.id = r."lineItemId" AND r."productId" IS NULL`,
        [shop, orderIds.map(String)],
      );
      if (after) await after(client, written);
    },
  });
  return { read: returns.length, result };
}
