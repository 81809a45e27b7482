// graphile-worker behind the Queue interface. Jobs live in PostgreSQL (schema graphile_worker),
// so any number of web and worker processes share one queue (docs/decisions/0003-job-queue.md).
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import type pg from "pg";
import type { Queue } from "~/jobs/queue";

export interface PgQueue extends Queue {
  release: () => Promise<void>;
}

export async function createQueue(pool: pg.Pool): Promise<PgQueue> {
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: pool });
  await utils.migrate();
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
    release: async () => {
      await utils.release();
    },
  };
}
