// Return details (line items, reasons) read per order: after the orders bulk pass, and when a
// returns/* webhook arrives (its payload may hold no line items).
import type pg from "pg";
import type { AdminGraphql } from "~/shopify/admin";
import { ORDER_RETURNS_BY_IDS } from "~/shopify/queries/returns";
import type { GqlReturn, GqlReturnSummary } from "~/ingest/graphql-types";
import { toGid } from "~/ingest/ids";
import { addReturn } from "~/ingest/map-graphql";
import { emptyBatch } from "~/ingest/rows";
import { writeBatch, type WriteResult } from "~/ingest/writers.server";

export const ORDERS_PER_RETURNS_REQUEST = 13;

interface OrderReturns {
  __typename?: string;
  id: string;
  customer: { id: string } | null;
  returns: { nodes: (GqlReturnSummary & { returnLineItems: GqlReturn["returnLineItems"] })[] };
}

/** The returns (with line items) of these orders. */
export async function fetchReturns(admin: AdminGraphql, orderIds: bigint[]): Promise<GqlReturn[]> {
  const out: GqlReturn[] = [];
  for (let i = 0; i < orderIds.length; i += ORDERS_PER_RETURNS_REQUEST) {
    const ids = orderIds.slice(i, i + ORDERS_PER_RETURNS_REQUEST).map((id) => toGid("Order", id));
    const data = await admin.request<{ nodes: (OrderReturns | null)[] }>(ORDER_RETURNS_BY_IDS, { ids });
    for (const order of data.nodes) {
      if (!order?.returns) continue;
      for (const r of order.returns.nodes) out.push({ ...r, order: { id: order.id, customer: order.customer } });
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
