// graphile-worker behind the Queue interface. Jobs live in PostgreSQL (schema graphile_worker),
// so any number of web and worker processes share one queue (docs/decisions/0003-job-queue.md).
// Jobs are added through graphile-worker's public WorkerUtils API only (docs/decisions/0155).
import { makeWorkerUtils, type AddJobsJobSpec, type WorkerUtils } from "graphile-worker";
import type pg from "pg";
import type { EnqueueOptions, Queue } from "~/jobs/queue";
import type { TaskName } from "~/jobs/tasks";
import { ensureJobShopIndexes } from "~/jobs/status.server";

export interface PgQueue extends Queue {
  release: () => Promise<void>;
}

const spec = (options: EnqueueOptions = {}): Omit<AddJobsJobSpec, "identifier" | "payload"> => ({
  jobKey: options.jobKey,
  runAt: options.runAt,
  maxAttempts: options.maxAttempts,
  queueName: options.queueName,
  priority: options.priority,
});

export async function createQueue(pool: pg.Pool): Promise<PgQueue> {
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: pool });
  await utils.migrate();
  await ensureJobShopIndexes(pool);
  return {
    enqueue: async (task, payload, options) => {
      // graphile types the payload by a conditional type TypeScript cannot resolve for a generic name.
      const name: TaskName = task;
      await utils.addJob(name, payload, spec(options));
    },
    // One add_jobs call: all or none, one round trip. The job rows it returns are dropped.
    enqueueMany: async (jobs) => {
      await utils.addJobs(
        jobs.map(({ task, payload, options }): AddJobsJobSpec<TaskName> => ({
          identifier: task,
          payload,
          ...spec(options),
        })),
        false,
      );
    },
    release: async () => {
      await utils.release();
    },
  };
}
