// Rebuilds SegmentPurchaseStat (per customer and product: the processedAt of each distinct counted order)
// from Order + LineItem. productAffinity rules read it in SQL; it is stale until refreshed after orders change.
import { inTransaction, type Db } from "~/db.server";
import { countedOrderSql } from "~/profile/rules/counted-order";

export async function refreshPurchaseStats(
  db: Db,
  shop: string,
  options: { customerIds?: (string | bigint)[] } = {},
): Promise<{ rows: number }> {
  const scoped = options.customerIds !== undefined;
  const ids = (options.customerIds ?? []).map(String);
  const values: unknown[] = scoped ? [shop, ids] : [shop];
  const onlyCustomers = (column: string): string => (scoped ? ` AND ${column} = ANY($2::int8[])` : "");
  return inTransaction(db.pool, async (client) => {
    // Two refreshes of one customer at once (orders/create and orders/paid arrive together) would
    // both delete nothing and then both insert: one at a time per shop.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('rapport:purchase-stats:' || $1))`, [shop]);
    await client.query(`DELETE FROM "SegmentPurchaseStat" WHERE shop = $1${onlyCustomers(`"customerId"`)}`, values);
    const inserted = await client.query(
      `INSERT INTO "SegmentPurchaseStat" (shop, "customerId", "productId", "orderCount", "lastOrderAt", "orderDates")
       SELECT $1, x."customerId", x."productId", count(*)::int, max(x."processedAt"),
              array_agg(x."processedAt" ORDER BY x."processedAt" DESC)
         FROM (SELECT DISTINCT o."customerId", li."productId", o.id, o."processedAt"
                 FROM "Order" o
                 JOIN "LineItem" li ON li.shop = o.shop AND li."orderId" = o.id
                WHERE o.shop = $1 AND o."customerId" IS NOT NULL AND ${countedOrderSql("o")}
                  AND li."productId" IS NOT NULL${onlyCustomers(`o."customerId"`)}) x
        GROUP BY x."customerId", x."productId"`,
      values,
    );
    return { rows: inserted.rowCount ?? 0 };
  });
}
