// One per-shop advisory lock orders the profile writers (docs/decisions/0216): the whole-shop
// recompute holds it exclusively for its transaction, each one-customer refresh shared for its write.
// The refresh only tries: the recompute holds it for minutes on a large shop, and the refresh's
// caller queues it again shortly rather than keep a worker waiting.
import { lockWithin } from "~/db/lock-within.server";
import type { Queryable } from "~/db/queryable";

const KEY = `hashtext('rapport:profiles:' || $1)`;

/** Waits for the refreshes writing now, then keeps new ones out until the transaction ends. */
export async function lockShopProfiles(client: Queryable, shop: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(${KEY})`, [shop]);
}

/**
 * Waits up to `waitMs` (REFRESH_WAIT_MS unless a test shortens it) for the shared lock; false if a
 * recompute of the shop still holds it (or waits for it) then. A small shop's recompute takes seconds: waiting lets the order's campaign
 * check decide on the refreshed profile. A large shop's takes minutes: the caller queues the refresh
 * again rather than keep a worker waiting. The transaction is aborted when this returns false.
 */
export const REFRESH_WAIT_MS = 20_000;

export async function tryLockProfileRefresh(
  client: Queryable,
  shop: string,
  waitMs: number = REFRESH_WAIT_MS,
): Promise<boolean> {
  return lockWithin(client, `SELECT pg_advisory_xact_lock_shared(${KEY})`, [shop], waitMs);
}
