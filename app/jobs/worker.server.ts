// Runs the registered tasks. Several workers (in several processes) can run at once:
// graphile-worker locks each job with SELECT … FOR UPDATE SKIP LOCKED, retries failures with
// exponential backoff (exp(min(attempts, 10)) seconds) up to maxAttempts, and keeps
// permanently failed jobs in graphile_worker.jobs with their last error (see jobs/status.server.ts).
import { Logger as WorkerLogger, run, type Runner, type TaskList } from "graphile-worker";
import type { AppContext } from "~/runtime/app-context.server";
import type { TaskMap } from "~/jobs/registry.server";
import { workerLiveness } from "~/jobs/worker-liveness.server";
import { patientPool } from "~/jobs/patient-pool.server";

export interface WorkerOptions {
  concurrency: number;
  /** graphile-worker crontab lines, e.g. `0 3 * * * schedule:fanout {"task":"intelligence.recomputeShop"}`. */
  crontab?: string;
  pollInterval?: number;
}

/** The shop a job is for, when its payload names one (as most do; see jobs/status.server.ts). */
function payloadShop(payload: unknown): string | undefined {
  const shop = typeof payload === "object" && payload !== null && "shop" in payload ? payload.shop : undefined;
  return typeof shop === "string" ? shop : undefined;
}

export function toTaskList(tasks: TaskMap, ctx: AppContext): TaskList {
  const list: TaskList = {};
  for (const [name, handler] of Object.entries(tasks)) {
    list[name] = async (payload, helpers) => {
      const started = Date.now();
      // Every line the job logs names the job, its task and its shop without each call repeating them.
      const shop = payloadShop(payload);
      const log = ctx.log.child({ jobId: helpers.job.id, task: name, ...(shop === undefined ? {} : { shop }) });
      try {
        await handler(payload, { ...ctx, log });
        log.debug("job done", { ms: Date.now() - started });
      } catch (error) {
        log.warn("job failed", {
          attempt: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
    };
  }
  return list;
}

export async function startWorker(ctx: AppContext, tasks: TaskMap, options: WorkerOptions): Promise<Runner> {
  const logger = new WorkerLogger(() => (level, message) => {
    if (level === "error") ctx.log.error(message);
    else if (level === "warning") ctx.log.warn(message);
    else ctx.log.debug(message);
  });
  // A killed worker process's jobs come back within a minute, not after graphile-worker's 4 hours (0211).
  const liveness = workerLiveness(ctx.db.pool, ctx.log);
  const runner = await run({
    // A PostgreSQL restart must not end the process (0211): checkouts wait for the server.
    pgPool: patientPool(ctx.db.pool, {
      onRetry: (error, attempt) =>
        ctx.log.warn("database unreachable; the worker waits", { attempt, error: error.message }),
    }),
    taskList: toTaskList(tasks, ctx),
    concurrency: options.concurrency,
    crontab: options.crontab ?? "",
    pollInterval: options.pollInterval ?? 1000,
    noHandleSignals: true,
    logger,
    events: liveness.events,
  }).catch(async (error: unknown) => {
    await liveness.stop();
    throw error;
  });
  void runner.promise.finally(() => liveness.stop()).catch(() => undefined);
  return runner;
}
