// How many customers the list holds (decision 0203). Counting a store is a scan of every customer
// (100k rows: the largest share of the old list's time), so the store's total is counted at most
// once a minute per shop and process; a search counts its matches only up to SEARCH_COUNT_CAP.
import type { Db } from "~/db.server";
import { matchesSql } from "./customer-pages.server";

export const TOTAL_TTL_MS = 60_000;
export const SEARCH_COUNT_CAP = 1000;

const LISTED = `c.shop = $1 AND c."redactedAt" IS NULL AND c."deletedAt" IS NULL`;
// A few thousand shops at most per process; dropping the oldest keeps each cache bounded all the same.
const CACHE_MAX = 10_000;

/** `count` of the shop, reused while less than TOTAL_TTL_MS old as of `now`. */
function cached(count: (db: Db, shop: string) => Promise<number>) {
  const cache = new Map<string, { value: number; countedAt: number }>();
  return async (db: Db, shop: string, now: Date): Promise<number> => {
    const hit = cache.get(shop);
    const at = now.getTime();
    if (hit && at - hit.countedAt >= 0 && at - hit.countedAt < TOTAL_TTL_MS) return hit.value;
    const value = await count(db, shop);
    cache.delete(shop);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(shop, { value, countedAt: at });
    return value;
  };
}

/** The shop's listed customers (not redacted, not deleted). */
export const storeTotal = cached(async (db, shop) => {
  const result = await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Customer" c WHERE ${LISTED}`, [
    shop,
  ]);
  return Number(result.rows[0].n);
});

/**
 * 1 when a listed customer has no CustomerProfile yet (synced since the last recompute), else 0: an
 * anti-join over every customer, so it is asked only by the list's last pages and cached like the total.
 */
export const withoutProfile = cached(async (db, shop) => {
  const result = await db.pool.query(
    `SELECT 1 FROM "Customer" c WHERE ${LISTED}
       AND NOT EXISTS (SELECT 1 FROM "CustomerProfile" p WHERE p.shop = c.shop AND p."customerId" = c.id) LIMIT 1`,
    [shop],
  );
  return result.rowCount ?? 0;
});

/**
 * The ids of the customers matching `pattern` (a contains-pattern), at most SEARCH_COUNT_CAP + 1: the
 * trigram indexes find a rare match at once, and a common one stops the scan early.
 */
export async function searchMatches(db: Db, shop: string, pattern: string): Promise<string[]> {
  const result = await db.pool.query<{ id: string }>(
    `SELECT c.id::text AS id FROM "Customer" c WHERE ${LISTED} AND ${matchesSql("$2::text")} LIMIT $3`,
    [shop, pattern, SEARCH_COUNT_CAP + 1],
  );
  return result.rows.map((r) => r.id);
}
