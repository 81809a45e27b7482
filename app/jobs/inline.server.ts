// Follow-up work a job does itself rather than queueing (docs/decisions/0212-order-follow-ups-inline.md).
// Every queued job costs three commits in graphile-worker (add, fetch, complete) — measured as most of
// the database time per order — while the follow-ups of one webhook are a few milliseconds of SQL.
// A follow-up that throws is queued instead, as the same task with the same payload and key, so the
// queue's retries still apply and nothing is lost.
import type { AppContext } from "~/runtime/app-context.server";
import { enqueueAll, type JobSpec } from "~/jobs/queue";
import type { TaskMap } from "~/jobs/registry.server";

/** Runs each job's handler now, in order; the ones without a handler here or that fail go to the queue. */
export async function runNowOrQueue(ctx: AppContext, handlers: TaskMap, jobs: readonly JobSpec[]): Promise<void> {
  const queued: JobSpec[] = [];
  for (const job of jobs) {
    const handler = handlers[job.task];
    if (!handler) {
      queued.push(job);
      continue;
    }
    try {
      await handler(job.payload, ctx);
    } catch (error) {
      ctx.log.warn("follow-up failed; queued to retry", {
        task: job.task,
        error: error instanceof Error ? error.message : String(error),
      });
      queued.push(job);
    }
  }
  await enqueueAll(ctx.queue, queued);
}
