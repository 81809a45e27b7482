// Background work goes through this interface; graphile-worker implements it
// (queue.server.ts, docs/decisions/0003-job-queue.md).

export interface EnqueueOptions {
  /** Same key while a job is pending replaces it: use it to coalesce repeated work. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs in one named queue run one at a time (use per shop for ordered work). */
  queueName?: string;
  priority?: number;
}

export interface Queue {
  enqueue(task: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<void>;
}
