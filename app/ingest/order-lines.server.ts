// A stored order snapshot lists every line that still counts (map-rest, map-graphql): a line that
// an order edit removed, or that has gone from the order's line list, is deleted here with the
// order row it came with, so no metric keeps counting it (docs/decisions/0139).
import type pg from "pg";
import type { RowBatch } from "~/ingest/rules/rows";

/** Deletes the lines of these (just written) orders that their snapshot in `batch` no longer lists. */
export async function pruneOrderLines(
  client: pg.PoolClient,
  shop: string,
  batch: RowBatch,
  writtenOrders: readonly bigint[],
): Promise<number> {
  if (writtenOrders.length === 0) return 0;
  const written = new Set(writtenOrders);
  const kept = batch.lineItems.filter((l) => written.has(l.orderId));
  const result = await client.query(
    `DELETE FROM "LineItem" li WHERE li.shop = $1 AND li."orderId" = ANY($2::bigint[])
       AND (li."orderId", li.id) NOT IN (SELECT * FROM unnest($3::bigint[], $4::bigint[]))`,
    [shop, [...written].map(String), kept.map((l) => l.orderId.toString()), kept.map((l) => l.id.toString())],
  );
  return result.rowCount ?? 0;
}

/**
 * Lines a bulk snapshot shows removed whole by an edit (order-copy.ts `removed`): deleted where the
 * stored order is that snapshot or an older one, so a second backfill over stored rows drops them too.
 */
export async function deleteRemovedLines(
  client: pg.PoolClient,
  shop: string,
  removed: { lineIds: readonly string[]; versions: readonly string[] },
): Promise<number> {
  if (removed.lineIds.length === 0) return 0;
  const result = await client.query(
    `DELETE FROM "LineItem" li USING "Order" o, unnest($2::bigint[], $3::timestamp(3)[]) AS r(id, version)
     WHERE li.shop = $1 AND li.id = r.id AND o.shop = li.shop AND o.id = li."orderId" AND o."updatedAt" <= r.version`,
    [shop, removed.lineIds, removed.versions],
  );
  return result.rowCount ?? 0;
}
