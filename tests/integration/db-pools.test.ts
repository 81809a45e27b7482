// The process's pools (docs/decisions/0120): exports and previews saturating their own pool leave
// webhook intake answering at once, and a statement over its pool's timeout is cancelled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabases, createDb, db } from "~/db.server";
import { receiveWebhook } from "~/ingest/webhooks.server";
import { createQueue, type PgQueue } from "~/jobs/queue.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext } from "~tests/support/ingest";

const SHOP = "pools.myshopify.com";

describe("database pools", () => {
  let database: TestDatabase;
  let queue: PgQueue;

  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.DATABASE_URL = database.url;
    queue = await createQueue(db("web").pool);
  });
  afterAll(async () => {
    await queue?.release();
    await closeDatabases();
    await database?.drop();
  });

  it("takes webhook deliveries promptly while exports and previews fill their own pool", async () => {
    const reports = db("reports").pool;
    // More slow report queries than the reports pool has connections: some run, the rest queue.
    const slow = Array.from({ length: reports.options.max + 2 }, () => reports.query("SELECT pg_sleep(2)"));
    let slowDone = false;
    void Promise.allSettled(slow).then(() => (slowDone = true));
    for (let i = 0; i < 100; i++) {
      const { rows } = await database.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(2)' AND state = 'active'`,
      );
      if (Number(rows[0].n) >= reports.options.max) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(reports.waitingCount).toBeGreaterThan(0);

    const ctx = { ...ingestContext(database, { endpoint: "http://127.0.0.1:9" }), db: db("web"), queue };
    const started = Date.now();
    const outcome = await receiveWebhook(ctx, {
      topic: "ORDERS_CREATE",
      shop: SHOP,
      webhookId: "pools-1",
      payload: { id: 1 },
    });
    const tookMs = Date.now() - started;
    expect(outcome).toBe("recorded");
    expect(tookMs).toBeLessThan(1500);
    expect(slowDone).toBe(false);
    const stored = await database.pool.query(`SELECT 1 FROM "WebhookDelivery" WHERE "webhookId" = 'pools-1'`);
    expect(stored.rowCount).toBe(1);
    await Promise.all(slow);
  });

  it("bounds each pool's statements and connection waits", async () => {
    const shown = async (role: "web" | "reports" | "worker") =>
      (await db(role).pool.query<{ statement_timeout: string }>("SHOW statement_timeout")).rows[0].statement_timeout;
    expect(await shown("web")).toBe("30s");
    expect(await shown("reports")).toBe("5min");
    expect(await shown("worker")).toBe("30min");
    for (const role of ["web", "reports", "worker"] as const)
      expect(db(role).pool.options.connectionTimeoutMillis).toBeGreaterThan(0);
  });

  it("cancels a statement over the timeout with a clear error, through pg and through Prisma", async () => {
    const short = createDb(database.url, { max: 1, statementTimeoutMs: 200, connectionTimeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(short.pool.query("SELECT pg_sleep(5)")).rejects.toThrow(
        /canceling statement due to statement timeout/,
      );
      expect(Date.now() - started).toBeLessThan(3000);
      await expect(short.prisma.$queryRaw`SELECT pg_sleep(5)`).rejects.toThrow(/statement timeout/);
      // The connection is usable again after the cancel.
      expect((await short.pool.query<{ ok: number }>("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
      // A checkout that cannot get a connection in time fails instead of waiting forever.
      const held = await short.pool.connect();
      try {
        await expect(short.pool.query("SELECT 1")).rejects.toThrow(/timeout exceeded when trying to connect/);
      } finally {
        held.release();
      }
    } finally {
      await short.close();
    }
  });
});
