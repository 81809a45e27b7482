// A fresh database with the real job queue and an AppContext for workers that tests start: the
// job-queue tests (worker, worker liveness) share it and tear it down in one call.
import type { Runner } from "graphile-worker";
import { createQueue, type PgQueue } from "~/jobs/queue.server";
import { memoryLogger } from "~/logger.server";
import type { AppContext } from "~/runtime/app-context.server";
import { createTestDatabase, type TestDatabase } from "./database";

export interface WorkerTestbed {
  database: TestDatabase;
  queue: PgQueue;
  /** No Shopify: a task that asks for the Admin API fails. */
  ctx: AppContext;
  /** Workers a test started; stop() stops those still here. */
  runners: Runner[];
  stop: () => Promise<void>;
}

export async function workerTestbed(): Promise<WorkerTestbed> {
  const database = await createTestDatabase();
  const queue = await createQueue(database.pool);
  const runners: Runner[] = [];
  return {
    database,
    queue,
    ctx: {
      db: database,
      queue,
      admin: () => Promise.reject(new Error("no Shopify in this test")),
      now: () => new Date(),
      log: memoryLogger(),
    },
    runners,
    stop: async () => {
      for (const runner of runners.splice(0)) await runner.stop();
      await queue.release();
      await database.drop();
    },
  };
}

/** Polls `check` every 50 ms until it holds; throws after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
