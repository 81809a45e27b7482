import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "~/runtime/app-context.server";
import { createQueue, type PgQueue } from "~/jobs/queue.server";
import { jobSummary } from "~/jobs/status.server";
import { parsePayload } from "~/jobs/tasks";
import { startWorker } from "~/jobs/worker.server";
import { memoryLogger } from "~/logger.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the Postgres job queue", () => {
  let database: TestDatabase;
  let queue: PgQueue;
  let ctx: AppContext;
  const runners: Runner[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    queue = await createQueue(database.pool);
    ctx = {
      db: database,
      queue,
      admin: () => Promise.reject(new Error("no Shopify in this test")),
      now: () => new Date(),
      log: memoryLogger(),
    };
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    await queue.release();
    await database.drop();
  });

  it("runs each job exactly once across two workers", async () => {
    const seen: number[] = [];
    const tasks = {
      // Real task names with test handlers: names and payloads are typed (app/jobs/tasks.ts).
      "ingest.reconcile": async (payload: unknown) => {
        seen.push(Number(parsePayload("ingest.reconcile", payload).shop));
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    };
    runners.push(await startWorker(ctx, tasks, { concurrency: 3, pollInterval: 100 }));
    runners.push(await startWorker(ctx, tasks, { concurrency: 3, pollInterval: 100 }));
    for (let n = 0; n < 60; n++) await queue.enqueue("ingest.reconcile", { shop: String(n) });
    await until(async () => seen.length >= 60);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    for (const runner of runners.splice(0)) await runner.stop();
  });

  it("retries a failing job with backoff and keeps a permanently failed one visible", async () => {
    let calls = 0;
    const tasks = {
      "results.attribute": async () => {
        calls += 1;
        if (calls === 1) throw new Error("transient failure");
      },
      "intelligence.recomputeShop": async () => {
        throw new Error("always broken");
      },
    };
    runners.push(await startWorker(ctx, tasks, { concurrency: 1, pollInterval: 100 }));
    await queue.enqueue("results.attribute", { shop: "w.myshopify.com" });
    await queue.enqueue("intelligence.recomputeShop", { shop: "w.myshopify.com" }, { maxAttempts: 1 });
    // The worker records the failure just after the handler throws: wait for the row, not the call.
    await until(async () => {
      const row = await database.pool.query(
        `SELECT 1 FROM graphile_worker.jobs WHERE task_identifier = 'results.attribute' AND last_error IS NOT NULL`,
      );
      return row.rowCount === 1;
    });
    const pending = await database.pool.query<{ attempts: number; last_error: string; delay: number }>(
      `SELECT attempts, last_error, extract(epoch FROM run_at - now())::float AS delay FROM graphile_worker.jobs WHERE task_identifier = 'results.attribute'`,
    );
    expect(pending.rows[0].attempts).toBe(1);
    expect(pending.rows[0].last_error).toContain("transient failure");
    expect(pending.rows[0].delay).toBeGreaterThan(1); // backoff, not an immediate retry
    // Bring the retry forward instead of waiting for the backoff.
    await database.pool.query(`UPDATE graphile_worker._private_jobs SET run_at = now()`);
    await until(async () => calls === 2);
    await until(async () => (await jobSummary(database.pool, "w.myshopify.com")).failed.length === 1);
    const summary = await jobSummary(database.pool, "w.myshopify.com");
    expect(summary.failed[0]).toMatchObject({ task: "intelligence.recomputeShop", attempts: 1 });
    expect(summary.failed[0].lastError).toContain("always broken");
  });
});
