// Return details (line items, reasons) read per order: after the orders bulk pass, and when a
// returns/* webhook arrives (its payload may hold no line items).
import type pg from "pg";
import type { AdminGraphql } from "~/shopify/admin";
import { ORDER_RETURNS_BY_IDS, ORDER_RETURNS_PAGE, RETURN_LINE_ITEMS_PAGE } from "~/shopify/queries/returns";
import type { GqlReturn, GqlReturnLineItem, GqlReturnSummary } from "~/ingest/rules/graphql-types";
import { toGid } from "~/ingest/rules/ids";
import { addReturn } from "~/ingest/rules/map-graphql";
import { emptyBatch } from "~/ingest/rules/rows";
import { writeBatch, type WriteResult } from "~/ingest/writers.server";

export const ORDERS_PER_RETURNS_REQUEST = 13;

export interface Page<T> {
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

/** A connection's first page, then the rest by cursor (`next` answers null when the owner is gone). */
async function allNodes<T>(first: Page<T>, next: (after: string) => Promise<Page<T> | null>): Promise<T[]> {
  const nodes = [...first.nodes];
  let page: Page<T> | null = first;
  while (page?.pageInfo.hasNextPage && page.pageInfo.endCursor) {
    page = await next(page.pageInfo.endCursor);
    if (page) nodes.push(...page.nodes);
  }
  return nodes;
}

/** Every line of a return. */
export const allReturnLines = (admin: AdminGraphql, r: PagedReturn): Promise<GqlReturnLineItem[]> =>
  allNodes(
    r.returnLineItems,
    async (after) =>
      (
        await admin.request<{ return: { returnLineItems: Page<GqlReturnLineItem> } | null }>(RETURN_LINE_ITEMS_PAGE, {
          id: r.id,
          after,
        })
      ).return?.returnLineItems ?? null,
  );

/** Every return of an order. */
const allReturns = (admin: AdminGraphql, order: OrderReturns): Promise<PagedReturn[]> =>
  allNodes(
    order.returns,
    async (after) =>
      (
        await admin.request<{ order: { returns: Page<PagedReturn> } | null }>(ORDER_RETURNS_PAGE, {
          id: order.id,
          after,
        })
      ).order?.returns ?? null,
  );

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
