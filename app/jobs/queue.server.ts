// graphile-worker behind the Queue interface. Jobs live in PostgreSQL (schema graphile_worker),
// so any number of web and worker processes share one queue (docs/decisions/0003-job-queue.md).
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import type pg from "pg";
import type { Queue } from "~/jobs/queue";
import { ensureJobShopIndexes } from "~/jobs/status.server";

export interface PgQueue extends Queue {
  release: () => Promise<void>;
}

export async function createQueue(pool: pg.Pool): Promise<PgQueue> {
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: pool });
  await utils.migrate();
  await ensureJobShopIndexes(pool);
  return {
    enqueue: async (task, payload, options = {}) => {
      await utils.addJob(task, payload, {
        jobKey: options.jobKey,
        runAt: options.runAt,
        maxAttempts: options.maxAttempts,
        queueName: options.queueName,
        priority: options.priority,
      });
    },
    // graphile's own addJobs returns every job row, payload included; counting them does not.
    enqueueMany: async (jobs) => {
      const specs = jobs.map(({ task, payload, options = {} }) => ({
        identifier: task,
        payload,
        queue_name: options.queueName,
        run_at: options.runAt?.toISOString(),
        max_attempts: options.maxAttempts,
        job_key: options.jobKey,
        priority: options.priority,
      }));
      await pool.query(
        `SELECT count(*) FROM graphile_worker.add_jobs(array(SELECT json_populate_recordset(null::graphile_worker.job_spec, $1::json)), false)`,
        [JSON.stringify(specs)],
      );
    },
    release: async () => {
      await utils.release();
    },
  };
}
