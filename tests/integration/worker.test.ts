import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobSummary } from "~/jobs/status.server";
import { parsePayload } from "~/jobs/tasks";
import { startWorker } from "~/jobs/worker.server";
import { until, workerTestbed, type WorkerTestbed } from "~tests/support/worker";

describe("the Postgres job queue", () => {
  let bed: WorkerTestbed;

  beforeAll(async () => {
    bed = await workerTestbed();
  });
  afterAll(() => bed.stop());

  it("runs each job exactly once across two workers", async () => {
    const seen: number[] = [];
    const tasks = {
      // Real task names with test handlers: names and payloads are typed (app/jobs/tasks.ts).
      "ingest.reconcile": async (payload: unknown) => {
        seen.push(Number(parsePayload("ingest.reconcile", payload).shop));
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    };
    bed.runners.push(await startWorker(bed.ctx, tasks, { concurrency: 3, pollInterval: 100 }));
    bed.runners.push(await startWorker(bed.ctx, tasks, { concurrency: 3, pollInterval: 100 }));
    for (let n = 0; n < 60; n++) await bed.queue.enqueue("ingest.reconcile", { shop: String(n) });
    await until(async () => seen.length >= 60);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    for (const runner of bed.runners.splice(0)) await runner.stop();
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
    bed.runners.push(await startWorker(bed.ctx, tasks, { concurrency: 1, pollInterval: 100 }));
    await bed.queue.enqueue("results.attribute", { shop: "w.myshopify.com" });
    await bed.queue.enqueue("intelligence.recomputeShop", { shop: "w.myshopify.com" }, { maxAttempts: 1 });
    // The worker records the failure just after the handler throws: wait for the row, not the call.
    await until(async () => {
      const row = await bed.database.pool.query(
        `SELECT 1 FROM graphile_worker.jobs WHERE task_identifier = 'results.attribute' AND last_error IS NOT NULL`,
      );
      return row.rowCount === 1;
    });
    const pending = await bed.database.pool.query<{ attempts: number; last_error: string; delay: number }>(
      `SELECT attempts, last_error, extract(epoch FROM run_at - now())::float AS delay FROM graphile_worker.jobs WHERE task_identifier = 'results.attribute'`,
    );
    expect(pending.rows[0].attempts).toBe(1);
    expect(pending.rows[0].last_error).toContain("transient failure");
    expect(pending.rows[0].delay).toBeGreaterThan(1); // backoff, not an immediate retry
    // Bring the retry forward instead of waiting for the backoff.
    await bed.database.pool.query(`UPDATE graphile_worker._private_jobs SET run_at = now()`);
    await until(async () => calls === 2);
    await until(async () => (await jobSummary(bed.database.pool, "w.myshopify.com")).failed.length === 1);
    const summary = await jobSummary(bed.database.pool, "w.myshopify.com");
    expect(summary.failed[0]).toMatchObject({ task: "intelligence.recomputeShop", attempts: 1 });
    expect(summary.failed[0].lastError).toContain("always broken");
  });
});
