// The webhook intake's batch as one statement (decision 0229): the delivery rows and, for exactly
// the new ones, their jobs through graphile-worker's add_jobs. The rows and jobs must commit
// together or not at all (0221) without a transaction around them: a job spec dropped or given to
// the wrong row, a row kept when its jobs fail, or one left by a connection cut mid-statement, each
// breaks it. And the batch is one round trip: no connection checked out for BEGIN/COMMIT.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookIntake, type Delivery } from "~/ingest/webhook-intake.server";
import { createQueue, type PgQueue } from "~/jobs/queue.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { testDelivery } from "~tests/support/deliveries";

const SHOP = "intake-one.myshopify.com";

const delivery = (id: string, shop = SHOP, maxAttempts = 12): Delivery =>
  testDelivery(id, {
    shop,
    payload: JSON.stringify({ id, shop }),
    jobOptions: { maxAttempts, queueName: `q-${shop}` },
  });

const keyOf = (d: { shop: string; webhookId: string }) => `${d.shop} ${d.webhookId}`;

interface JobRow {
  task: string;
  payload: { webhookId: string; shop: string; topic: string; triggeredAt: string };
  maxAttempts: number;
  queue: string | null;
}

describe("webhook intake: rows and jobs in one statement", () => {
  let database: TestDatabase;
  let queue: PgQueue;

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await database.pool.query<{ n: string }>(sql, params)).rows[0].n);
  const rowsFor = (prefix: string) =>
    count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "webhookId" LIKE $1`, [`${prefix}%`]);
  const jobsFor = async (prefix: string): Promise<JobRow[]> =>
    (
      await database.pool.query<JobRow>(
        `SELECT t.identifier AS task, j.payload, j.max_attempts AS "maxAttempts", q.queue_name AS queue
         FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
         LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
         WHERE j.payload->>'webhookId' LIKE $1`,
        [`${prefix}%`],
      )
    ).rows.sort((a, b) => (keyOf(a.payload) < keyOf(b.payload) ? -1 : 1));
  const expectedJob = (d: Delivery): JobRow => ({
    task: d.job.task,
    payload: d.job.payload as JobRow["payload"],
    maxAttempts: 12,
    queue: `q-${d.shop}`,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    queue = await createQueue(database.pool);
  });
  afterAll(async () => {
    await queue?.release();
    await database?.drop();
  });

  it("queues each new delivery's own job once, none for duplicates, one statement per batch", async () => {
    // Calls on the pool the intake writes through: a checkout (for BEGIN … COMMIT) or a statement.
    const calls = { connect: 0, query: 0 };
    const pool = new Proxy(database.pool, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (property === "connect" || property === "query") calls[property]++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const intake = createWebhookIntake(pool, queue);
    expect(await intake.submit(delivery("one-early-1"))).toBe("recorded");
    const other = "intake-one-other.myshopify.com";
    const burst = [
      ...Array.from({ length: 150 }, (_, i) => delivery(`one-${String(i).padStart(3, "0")}`)),
      ...Array.from({ length: 50 }, (_, i) => delivery(`one-${String(i).padStart(3, "0")}`, other)),
    ];
    const outcomes = await Promise.all(
      [...burst, ...burst.slice(0, 20), delivery("one-early-1")].map((d) => intake.submit(d)),
    );
    expect(outcomes.at(-1)).toBe("duplicate");
    expect(outcomes.filter((o) => o === "recorded").length).toBeGreaterThanOrEqual(200);
    expect(await rowsFor("one-")).toBe(201);
    const expected = [...burst, delivery("one-early-1")]
      .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1))
      .map(expectedJob);
    expect(await jobsFor("one-")).toEqual(expected);
    expect(calls.connect).toBe(0);
    expect(calls.query).toBeGreaterThan(1);
    expect(calls.query).toBeLessThan(20);
  });

  it("keeps none of a batch's rows when its jobs cannot be queued, and a retry is then recorded", async () => {
    const intake = createWebhookIntake(database.pool, queue);
    // graphile-worker refuses max_attempts 0 (a check constraint on its jobs): add_jobs fails.
    const batch = [delivery("refused-1"), delivery("refused-bad", SHOP, 0), delivery("refused-2")];
    const results = await Promise.allSettled(batch.map((d) => intake.submit(d)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await rowsFor("refused-bad")).toBe(0);
    expect(await intake.submit(delivery("refused-bad"))).toBe("recorded");
    expect(await jobsFor("refused-")).toEqual(
      [delivery("refused-1"), delivery("refused-2"), delivery("refused-bad")].map(expectedJob),
    );
  });

  it("leaves nothing when the connection is cut after the rows are inserted and before the jobs are", async () => {
    // Jobs cannot be inserted while this lock is held: the statement stops inside add_jobs.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE graphile_worker._private_jobs IN SHARE MODE");
    const doomed = new pg.Pool({ connectionString: database.url, max: 1, application_name: "doomed-one" });
    doomed.on("error", () => undefined);
    const first = createWebhookIntake(doomed, queue).submit(delivery("cut-1"));
    first.catch(() => undefined);
    const waiting = `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'doomed-one' AND wait_event_type = 'Lock'`;
    for (let i = 0; (await count(waiting, [])) === 0; i++) {
      if (i > 500) throw new Error("the intake's statement never waited for the jobs table");
      await new Promise((r) => setTimeout(r, 20));
    }
    // Its row is inserted, uncommitted: the process dies here (SIGKILL, PostgreSQL restart).
    await database.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed-one'`,
    );
    await expect(first).rejects.toThrow();
    await locker.query("ROLLBACK");
    await locker.end();

    // Shopify's retry is new, not a duplicate, and is queued.
    expect(await createWebhookIntake(database.pool, queue).submit(delivery("cut-1"))).toBe("recorded");
    expect(await rowsFor("cut-")).toBe(1);
    expect(await jobsFor("cut-")).toEqual([expectedJob(delivery("cut-1"))]);
    await doomed.end();
  });
});
