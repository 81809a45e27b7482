// graphile-worker behind the Queue interface. Jobs live in PostgreSQL (schema graphile_worker),
// so any number of web and worker processes share one queue (docs/decisions/0003-job-queue.md).
// Jobs are added through graphile-worker's public WorkerUtils API (docs/decisions/0155), or by its
// documented SQL function add_jobs inside a caller's statement (`inSql`, decision 0229).
import { AsyncLocalStorage } from "node:async_hooks";
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

/**
 * The pool WorkerUtils draws from: inside `within.run(client, …)` a checkout is that client (its
 * transaction open; releasing it is the owner's business), so the jobs added there commit with
 * the caller's own statements (decision 0221).
 */
function routedPool(pool: pg.Pool, within: AsyncLocalStorage<pg.ClientBase>): pg.Pool {
  const lent = (client: pg.ClientBase) =>
    new Proxy(client, {
      get(target, property) {
        if (property === "release") return () => undefined;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  return new Proxy(pool, {
    get(target, property) {
      if (property === "connect")
        return (...args: unknown[]) => {
          const client = within.getStore();
          if (client && args.length === 0) return Promise.resolve(lent(client));
          return (target.connect as (...a: unknown[]) => unknown).apply(target, args);
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function createQueue(pool: pg.Pool): Promise<PgQueue> {
  const within = new AsyncLocalStorage<pg.ClientBase>();
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: routedPool(pool, within) });
  await utils.migrate();
  await ensureJobShopIndexes(pool);
  return {
    enqueue: async (task, payload, options) => {
      // graphile types the payload by a conditional type TypeScript cannot resolve for a generic name.
      const name: TaskName = task;
      await utils.addJob(name, payload, spec(options));
    },
    // One add_jobs call: all or none, one round trip. The job rows it returns are dropped.
    enqueueMany: async (jobs, client) => {
      const specs = jobs.map(({ task, payload, options }): AddJobsJobSpec<TaskName> => ({
        identifier: task,
        payload,
        ...spec(options),
      }));
      if (client) await within.run(client, () => utils.addJobs(specs, false));
      else await utils.addJobs(specs, false);
    },
    // graphile-worker's documented SQL API ("Adding jobs through SQL": add_jobs and its job_spec),
    // called as its own addJobs calls it; the schema is makeWorkerUtils' default (none is set here).
    inSql: {
      spec: ({ task, payload, options = {} }) => ({
        identifier: task,
        payload,
        queue_name: options.queueName,
        run_at: options.runAt?.toISOString(),
        max_attempts: options.maxAttempts,
        job_key: options.jobKey,
        priority: options.priority,
      }),
      addJobs: (specs) =>
        `SELECT count(*) AS n FROM graphile_worker.add_jobs(ARRAY(SELECT json_populate_record(NULL::graphile_worker.job_spec, s.spec) FROM (${specs}) AS s(spec)), false)`,
    },
    release: async () => {
      await utils.release();
    },
  };
}
