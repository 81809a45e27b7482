// Processes started together each apply the migrations: they queue on Rapport's own lock before
// `prisma migrate deploy`, whose advisory lock gives up after 10 s (P1002) and stopped a web process
// of the soak from starting on a loaded machine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "~/db/migrate.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { holdLock, lockWaiters } from "~tests/support/locks";

// Prisma's own migrate lock (prisma-engines: "SELECT pg_advisory_lock(72707369)").
const PRISMA_LOCK = 72707369;

describe("applying migrations from several processes at once", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it("waits its turn on the queue lock, never on Prisma's, then applies (nothing left to apply)", async () => {
    const turn = await holdLock(db.pool, "SELECT pg_advisory_xact_lock(hashtextextended('rapport:migrate', 0))");
    let finished = false;
    const applying = applyMigrations(db.url).then(() => (finished = true));
    try {
      await lockWaiters(db.pool, 1, () => finished);
      expect(finished).toBe(false);
      const prisma = await db.pool.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND database =
           (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [PRISMA_LOCK],
      );
      expect(prisma.rows[0].n).toBe(0);
    } finally {
      await turn.release();
    }
    await applying;
    expect(finished).toBe(true);
  });

  it("a process whose lock session the server ends during the deploy (a restart) still starts", async () => {
    // Before, the server's FATAL on the idle session was an 'error' event nobody listened to, and
    // the process exited (the soak's worker at its PostgreSQL restart, decision 0227).
    const applying = applyMigrations(db.url);
    let ended = 0;
    for (let tries = 0; ended === 0 && tries < 400; tries++) {
      const { rowCount } = await db.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'idle' AND query LIKE 'SELECT pg_advisory_lock(hashtextextended%'`,
      );
      ended = rowCount ?? 0;
      if (ended === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(ended).toBe(1);
    await applying;
    const applied = await db.pool.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NULL`);
    expect(applied.rows[0].n).toBe(0);
  });

  it("two at once both succeed", async () => {
    await Promise.all([1, 2].map(() => applyMigrations(db.url)));
    const applied = await db.pool.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NULL`);
    expect(applied.rows[0].n).toBe(0);
  });
});
