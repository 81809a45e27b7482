// Reads of edited orders: which units of a line an edit removed needs the units refunds took back,
// and those (refund line items) come only from a per-order read. Reconciliation uses it for every
// edited order it pages through; the backfill for the edited orders with refunds the bulk file
// could not settle (docs/decisions/0139).
import type pg from "pg";
import type { GqlLineItem, GqlOrder, GqlReturnSummary } from "~/ingest/rules/graphql-types";
import { gidId, toGid } from "~/ingest/rules/ids";
import { addOrder } from "~/ingest/rules/map-graphql";
import { mayBeEdited, refundedUnits } from "~/ingest/rules/order-edits";
import { pruneOrderLines } from "~/ingest/order-lines.server";
import { emptyBatch } from "~/ingest/rules/rows";
import { writeBatch, type WriteResult } from "~/ingest/writers.server";
import type { AdminGraphql } from "~/shopify/admin";
import { ORDER_BY_ID, ORDER_LINE_ITEMS_PAGE, ORDER_REFUNDED_LINES } from "~/shopify/queries/pages";

export interface Page<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}
/** An order as ORDERS_PAGE and ORDER_BY_ID read it. */
export type PagedOrder = Omit<GqlOrder, "lineItems" | "returns"> & {
  lineItems: Page<GqlLineItem>;
  returns: { nodes: GqlReturnSummary[] };
};

/** Every line of an order: the first page it came with, then the rest by cursor. */
export async function allLineItems(admin: AdminGraphql, order: PagedOrder): Promise<GqlLineItem[]> {
  const items = [...order.lineItems.nodes];
  let page = order.lineItems.pageInfo;
  while (page.hasNextPage) {
    const data = await admin.request<{ order: { lineItems: Page<GqlLineItem> } | null }>(ORDER_LINE_ITEMS_PAGE, {
      id: order.id,
      after: page.endCursor,
    });
    if (!data.order) break;
    items.push(...data.order.lineItems.nodes);
    page = data.order.lineItems.pageInfo;
  }
  return items;
}

/** Units refunded per line of an edited order whose lines show units gone (else null: nothing removed). */
export async function editedOrderRefunds(
  admin: AdminGraphql,
  order: PagedOrder,
  lines: GqlLineItem[],
): Promise<Map<bigint, number> | null> {
  if (!order.edited || !lines.some((l) => mayBeEdited(l.quantity, l.currentQuantity))) return null;
  type Refunded = {
    refunds: { refundLineItems: { nodes: { quantity: number; lineItem: { id: string } | null }[] } }[];
  };
  const data = await admin.request<{ order: Refunded | null }>(ORDER_REFUNDED_LINES, { id: order.id });
  const refunded = (data.order?.refunds ?? []).flatMap((r) =>
    r.refundLineItems.nodes.flatMap((n) =>
      n.lineItem ? [{ lineItemId: gidId(n.lineItem.id), quantity: n.quantity }] : [],
    ),
  );
  return refundedUnits(refunded);
}

/**
 * Reads these orders again and writes their snapshots, the lines an edit removed left out, in one
 * transaction with `after` (the caller's checkpoint). An order gone from Shopify is skipped.
 */
export async function rereadOrders(
  pool: pg.Pool,
  admin: AdminGraphql,
  shop: string,
  orderIds: readonly bigint[],
  now: Date,
  after: (client: pg.PoolClient, result: WriteResult) => Promise<void>,
): Promise<WriteResult> {
  const batch = emptyBatch();
  for (const id of orderIds) {
    const data = await admin.request<{ order: PagedOrder | null }>(ORDER_BY_ID, { id: toGid("Order", id) });
    if (!data.order) continue;
    const lines = await allLineItems(admin, data.order);
    addOrder(
      batch,
      shop,
      { ...data.order, lineItems: lines, returns: data.order.returns.nodes },
      now,
      await editedOrderRefunds(admin, data.order, lines),
    );
  }
  return writeBatch(pool, batch, {
    after: async (client, result) => {
      // The bulk pass may have stored this very version already (then the order row is not
      // rewritten): prune the lines of every order whose stored version is the one just read.
      const current = await client.query<{ id: string }>(
        `SELECT o.id::text FROM "Order" o JOIN unnest($2::bigint[], $3::timestamp(3)[]) AS s(id, version) ON o.id = s.id AND o."updatedAt" = s.version WHERE o.shop = $1`,
        [shop, batch.orders.map((o) => o.id.toString()), batch.orders.map((o) => o.updatedAt.toISOString())],
      );
      await pruneOrderLines(
        client,
        shop,
        batch,
        current.rows.map((r) => BigInt(r.id)),
      );
      await after(client, result);
    },
  });
}
