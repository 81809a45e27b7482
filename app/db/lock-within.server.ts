// Taking a lock inside a transaction, but only for so long: lock_timeout set for the transaction,
// then 55P03 (lock_not_available) read as "not had in time" (decisions 0216, 0224).
import type { Queryable } from "./queryable";

/**
 * Runs `lockSql` with lock_timeout `waitMs` for the rest of the transaction; false if the lock was
 * not had in time (the transaction is then aborted, the caller rolls it back).
 */
export async function lockWithin(
  client: Queryable,
  lockSql: string,
  values: unknown[],
  waitMs: number,
): Promise<boolean> {
  // lock_timeout 0 would wait for ever.
  await client.query(`SELECT set_config('lock_timeout', $1, true)`, [String(Math.max(1, Math.round(waitMs)))]);
  try {
    await client.query(lockSql, values);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") return false;
    throw error;
  }
}
