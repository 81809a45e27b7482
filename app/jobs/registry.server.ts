// Every background task, by name. Each area exports a record of handlers built from the
// AppContext; the worker (worker.server.ts) runs them with retries and backoff.
import type { AppContext } from "~/context.server";

export type TaskHandler = (payload: unknown, ctx: AppContext) => Promise<void>;
export type TaskMap = Record<string, TaskHandler>;

// Areas add their task maps here (ingest, metrics, campaigns, results).
const areas: TaskMap[] = [];

export function allTasks(): TaskMap {
  return Object.assign({}, ...areas);
}
