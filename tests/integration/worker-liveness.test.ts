// A worker process killed mid-job (decision 0211): its jobs and its job queue come back to the
// living workers within the sweep's grace, not after graphile-worker's 4 hours; a living
// worker's locks are never taken.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePayload } from "~/jobs/tasks";
import { startWorker } from "~/jobs/worker.server";
import { sweepDeadWorkers } from "~/jobs/worker-liveness.server";
import { until, workerTestbed, type WorkerTestbed } from "~tests/support/worker";

describe("jobs of a worker that died", () => {
  let bed: WorkerTestbed;

  /** A job on a serial queue, locked (job and queue) by `workerId` a minute ago, as a killed worker leaves it. */
  const lockedJob = async (shop: string, workerId: string) => {
    // One transaction: a running worker must never see the job unlocked (it would run it at once).
    const client = await bed.database.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `SELECT graphile_worker.add_job('ingest.reconcile', json_build_object('shop', $1::text), queue_name => $2)`,
        [shop, `serial:${shop}`],
      );
      await client.query(
        `UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 minute', locked_by = $2
          WHERE payload->>'shop' = $1`,
        [shop, workerId],
      );
      await client.query(
        `UPDATE graphile_worker._private_job_queues SET locked_at = now() - interval '1 minute', locked_by = $2
          WHERE queue_name = $1`,
        [`serial:${shop}`, workerId],
      );
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  };
  const lockedBy = async (shop: string) =>
    (
      await bed.database.pool.query<{ locked_by: string | null }>(
        `SELECT locked_by FROM graphile_worker._private_jobs WHERE payload->>'shop' = $1`,
        [shop],
      )
    ).rows[0]?.locked_by ?? null;

  beforeAll(async () => {
    bed = await workerTestbed();
  });
  afterAll(() => bed.stop());

  it("runs a dead worker's job, on its serial queue, as soon as a worker starts", async () => {
    await lockedJob("dead-shop", "worker-killed-0001");
    const seen: string[] = [];
    const tasks = {
      "ingest.reconcile": async (payload: unknown) => {
        seen.push(parsePayload("ingest.reconcile", payload).shop);
      },
    };
    bed.runners.push(await startWorker(bed.ctx, tasks, { concurrency: 2, pollInterval: 100 }));
    await until(async () => seen.includes("dead-shop"));
    expect(seen).toEqual(["dead-shop"]);
    // The living worker holds the queue while it runs the job; the dead one's lock is gone.
    const queues = await bed.database.pool.query(
      `SELECT locked_by FROM graphile_worker._private_job_queues WHERE queue_name = 'serial:dead-shop' AND locked_by = 'worker-killed-0001'`,
    );
    expect(queues.rowCount).toBe(0);
  });

  it("leaves alone a job whose worker holds its liveness lock, in this process or another", async () => {
    const other = new pg.Client(bed.database.pool.options);
    await other.connect();
    try {
      // The liveness lock first: the worker the first test started sweeps every 15 s, and a job
      // locked a minute ago by a worker without that lock is exactly what it releases.
      await other.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [
        "rapport:graphile-worker:worker-alive-0001",
      ]);
      await lockedJob("alive-shop", "worker-alive-0001");
      expect(await sweepDeadWorkers(bed.database.pool)).toEqual([]);
      expect(await lockedBy("alive-shop")).toBe("worker-alive-0001");
    } finally {
      await other.end();
    }
    // Its process gone (the connection closed), the job is released.
    expect(await sweepDeadWorkers(bed.database.pool)).toEqual(["worker-alive-0001"]);
    expect(await lockedBy("alive-shop")).toBeNull();
    await bed.database.pool.query(`DELETE FROM graphile_worker._private_jobs WHERE payload->>'shop' = 'alive-shop'`);
  });

  it("never releases the running job of one of this process's own workers", async () => {
    let release: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    const tasks = {
      "ingest.reconcile": async (payload: unknown) => {
        started.push(parsePayload("ingest.reconcile", payload).shop);
        await running;
      },
    };
    for (const runner of bed.runners.splice(0)) await runner.stop();
    bed.runners.push(await startWorker(bed.ctx, tasks, { concurrency: 1, pollInterval: 100 }));
    await bed.queue.enqueue("ingest.reconcile", { shop: "busy-shop" });
    try {
      await until(async () => started.includes("busy-shop"));
      const owner = await lockedBy("busy-shop");
      expect(owner).not.toBeNull();
      // Locked long ago as far as the sweep can tell: only the liveness lock says it is alive.
      await bed.database.pool.query(
        `UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 hour' WHERE payload->>'shop' = 'busy-shop'`,
      );
      expect(await sweepDeadWorkers(bed.database.pool)).toEqual([]);
      expect(await lockedBy("busy-shop")).toBe(owner);
    } finally {
      release();
    }
  });
});
