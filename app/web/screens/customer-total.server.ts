// How many customers the list holds (decision 0203). Counting a store is a scan of every customer
// (100k rows: the largest share of the old list's time), so the store's total is counted at most
// once a minute per shop and process; a search counts its matches only up to SEARCH_COUNT_CAP.
import type { Db } from "~/db.server";
import { matchesSql } from "./customer-pages.server";

export const TOTAL_TTL_MS = 60_000;
export const SEARCH_COUNT_CAP = 1000;

const LISTED = `c.shop = $1 AND c."redactedAt" IS NULL AND c."deletedAt" IS NULL`;
export interface StoreCounts {
  total: number;
  /** Listed customers without a CustomerProfile row yet (synced since the last recompute). */
  withoutProfile: number;
}

const cache = new Map<string, StoreCounts & { countedAt: number }>();
// A few thousand shops at most per process; dropping the oldest keeps it bounded all the same.
const CACHE_MAX = 10_000;

/** The shop's listed customers (not redacted, not deleted), at most TOTAL_TTL_MS old as of `now`. */
export async function storeCounts(db: Db, shop: string, now: Date): Promise<StoreCounts> {
  const hit = cache.get(shop);
  const at = now.getTime();
  if (hit && at - hit.countedAt >= 0 && at - hit.countedAt < TOTAL_TTL_MS) return hit;
  const result = await db.pool.query<{ total: string; without: string }>(
    `SELECT count(*)::text AS total, count(*) FILTER (WHERE p."customerId" IS NULL)::text AS without
       FROM "Customer" c LEFT JOIN "CustomerProfile" p ON p.shop = c.shop AND p."customerId" = c.id WHERE ${LISTED}`,
    [shop],
  );
  const counts = { total: Number(result.rows[0].total), withoutProfile: Number(result.rows[0].without) };
  cache.delete(shop);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(shop, { ...counts, countedAt: at });
  return counts;
}

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
