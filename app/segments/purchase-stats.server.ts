// Rebuilds SegmentPurchaseStat (per customer and product: the processedAt of each distinct counted order)
// from Order + LineItem. productAffinity rules read it in SQL; it is stale until refreshed after orders change.
import { inTransaction, type Db } from "~/db.server";
import { lockWithin } from "~/db/lock-within.server";
import type { Queryable } from "~/db/queryable";
import { countedOrderSql } from "~/profile/rules/counted-order";

/**
 * How long a refresh of some customers waits for the shop's lock before giving up (decision 0224).
 * Another such refresh holds it for milliseconds (one job is ~22 ms of wall time under load), so
 * 1 s is far more than a worker's 4 slots queued on one shop ever need; a whole-shop rebuild holds it for
 * about 0.18 ms per customer (174–182 s on 1M), so a shop of a few thousand customers is rebuilt
 * within it and its order's refresh still writes at once. Longer rebuilds: the caller queues the
 * refresh again instead of keeping a worker slot for minutes.
 */
export const PURCHASE_STATS_WAIT_MS = 1_000;

const LOCK = `SELECT pg_advisory_xact_lock(hashtext('rapport:purchase-stats:' || $1))`;

/** Raised inside the transaction to roll it back when the lock was not had in time. */
class StatsBusy extends Error {}

/**
 * One refresh of a shop at a time: two refreshes of one customer at once (orders/create and
 * orders/paid arrive together) would both delete nothing and then both insert (0214). The rebuild
 * waits; a refresh of some customers waits at most `waitMs`, and only for the lock: its statements
 * then wait on rows and tables as before.
 */
async function lockShopStats(client: Queryable, shop: string, waitMs: number | null): Promise<void> {
  if (waitMs === null) {
    await client.query(LOCK, [shop]);
    return;
  }
  if (!(await lockWithin(client, LOCK, [shop], waitMs))) throw new StatsBusy();
  await client.query(`SET LOCAL lock_timeout TO DEFAULT`);
}

/**
 * Rebuilds the shop's rows, or those of `customerIds`. `busy`: a whole-shop rebuild held the shop's
 * lock for longer than `waitMs` (default PURCHASE_STATS_WAIT_MS); nothing was written.
 */
export async function refreshPurchaseStats(
  db: Db,
  shop: string,
  options: { customerIds?: (string | bigint)[]; waitMs?: number } = {},
): Promise<{ rows: number; busy: boolean }> {
  const scoped = options.customerIds !== undefined;
  const ids = (options.customerIds ?? []).map(String);
  const values: unknown[] = scoped ? [shop, ids] : [shop];
  const onlyCustomers = (column: string): string => (scoped ? ` AND ${column} = ANY($2::int8[])` : "");
  try {
    return await inTransaction(db.pool, async (client) => {
      await lockShopStats(client, shop, scoped ? (options.waitMs ?? PURCHASE_STATS_WAIT_MS) : null);
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
      return { rows: inserted.rowCount ?? 0, busy: false };
    });
  } catch (error) {
    if (error instanceof StatsBusy) return { rows: 0, busy: true };
    throw error;
  }
}
