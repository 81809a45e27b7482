// One per-shop advisory lock orders the profile writers (docs/decisions/0216): the whole-shop
// recompute holds it exclusively for its transaction, each one-customer refresh shared for its write.
// The refresh only tries: the recompute holds it for minutes on a large shop, and the refresh's
// caller queues it again shortly rather than keep a worker waiting.
import type { Queryable } from "~/db/queryable";

const KEY = `hashtext('rapport:profiles:' || $1)`;

/** Waits for the refreshes writing now, then keeps new ones out until the transaction ends. */
export async function lockShopProfiles(client: Queryable, shop: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(${KEY})`, [shop]);
}

/** False while a recompute of the shop runs (or waits to): the refresh must not write now. */
export async function tryLockProfileRefresh(client: Queryable, shop: string): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock_shared(${KEY}) AS ok`, [shop]);
  return rows[0].ok;
}
