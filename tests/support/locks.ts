// Barriers for race tests: two transactions are made to meet at a chosen point by a third session
// holding a lock they need, released once PostgreSQL shows both waiting on it.
import type pg from "pg";

/**
 * Resolves once `count` sessions of this test's database wait on a lock (row, advisory or table),
 * or once `done()` says the racer that would wait has finished without waiting.
 */
export async function lockWaiters(pool: pg.Pool, count: number, done: () => boolean = () => false): Promise<void> {
  for (let poll = 0; poll < 2_000; poll++) {
    if (done()) return;
    const waiting = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (waiting.rows[0].n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`lockWaiters: ${count} sessions never waited on a lock`);
}

/** A session that holds whatever `lock` takes until `release()` (its transaction rolls back). */
export async function holdLock(
  pool: pg.Pool,
  lock: string,
  values: unknown[] = [],
): Promise<{ release: () => Promise<void> }> {
  const client = await pool.connect();
  await client.query("BEGIN");
  await client.query(lock, values);
  return {
    release: async () => {
      try {
        await client.query("ROLLBACK");
      } finally {
        client.release();
      }
    },
  };
}
