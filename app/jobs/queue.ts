// Background work goes through this interface; graphile-worker implements it
// (queue.server.ts, docs/decisions/0003-job-queue.md). Task names and payloads are typed by
// graphile-worker's GraphileWorker.Tasks declaration (jobs/tasks.ts, docs/decisions/0155).
import type pg from "pg";
import type { TaskName, TaskPayload } from "~/jobs/tasks";

export interface EnqueueOptions {
  /** Same key while a job is pending replaces it: use it to coalesce repeated work. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs in one named queue run one at a time (use per shop for ordered work). */
  queueName?: string;
  /** Lower runs first (graphile-worker's order: priority, then run_at); 0 by default. */
  priority?: number;
}

/**
 * The jobs that decide and send messages run ahead of the rest (docs/decisions/0212): a tick or a
 * send queued behind a backlog of webhooks would wait for all of them. They are few (one per shop
 * per minute or less), so they cannot starve the jobs behind them.
 */
export const MESSAGE_PATH_PRIORITY = -10;

/** One job to queue; `task` decides what `payload` must be. */
export type JobSpec<K extends TaskName = TaskName> = {
  [T in K]: { task: T; payload: TaskPayload<T>; options?: EnqueueOptions };
}[K];

/**
 * Jobs queued from inside the caller's own SQL statement (graphile-worker's `add_jobs` function):
 * rows the statement writes and their jobs then commit together, or not at all, in one round trip
 * (decision 0229). Queues kept outside PostgreSQL (test fakes) have none.
 */
export interface JobsInSql {
  /** One job as the JSON object `addJobs` reads. */
  spec(job: JobSpec): Record<string, unknown>;
  /**
   * A query whose one row's column `n` counts the jobs it queued: one per row of `specs`, an SQL
   * query whose single column holds a `spec()` object as json.
   */
  addJobs(specs: string): string;
}

export interface Queue {
  enqueue<K extends TaskName>(task: K, payload: TaskPayload<K>, options?: EnqueueOptions): Promise<void>;
  inSql?: JobsInSql;
  /**
   * All or none, in one round trip (one WAL flush). Without it, callers enqueue one by one.
   * `within`: a connection with a transaction open; the jobs commit, or roll back, with it.
   */
  enqueueMany?(jobs: readonly JobSpec[], within?: pg.ClientBase): Promise<void>;
}

/** enqueueMany where the queue has it; otherwise one enqueue per job (test fakes). */
export async function enqueueAll(queue: Queue, jobs: readonly JobSpec[], within?: pg.ClientBase): Promise<void> {
  if (jobs.length === 0) return;
  if (queue.enqueueMany) return queue.enqueueMany(jobs, within);
  for (const job of jobs) await queue.enqueue(job.task, job.payload, job.options);
}
