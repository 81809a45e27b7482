// Every background task, by name. Each area exports a record of handlers built from the
// AppContext; the worker (worker.server.ts) runs them with retries and backoff.
import { campaignTasks } from "~/campaigns/tasks.server";
import { deliveryTasks } from "~/delivery/tasks.server";
import type { AppContext } from "~/runtime/app-context.server";
import { privacyTasks } from "~/ingest/data-requests.server";
import { ingestTasks } from "~/ingest/tasks.server";
import { intelligenceTasks } from "~/profile/tasks.server";
import { scheduleTasks } from "~/jobs/schedule.server";
import { resultsTasks } from "~/attribution/tasks.server";
import { segmentTasks } from "~/segments/tasks.server";
import type { TaskName, TaskPayload } from "~/jobs/tasks";

/** Runs one job. The payload is JSON from the database: the handler checks it (parsePayload). */
export type TaskHandler = (payload: unknown, ctx: AppContext) => Promise<void>;
/** Some of the declared tasks' handlers (an area's); a name not declared in jobs/tasks.ts fails the typecheck. */
export type TaskMap = { [K in TaskName]?: TaskHandler };

/** Every declared task has a handler: a task declared but not registered fails the typecheck here. */
export function allTasks(): Record<TaskName, TaskHandler> {
  return {
    ...scheduleTasks,
    ...ingestTasks,
    ...intelligenceTasks,
    ...segmentTasks,
    ...campaignTasks,
    ...resultsTasks,
    ...privacyTasks,
    ...deliveryTasks,
  } satisfies Record<TaskName, TaskHandler>;
}

/** A crontab line running schedule:fanout for `task`, whose name the compiler checks. */
function fanout(schedule: string, id: string, payload: TaskPayload<"schedule:fanout">): string {
  return `${schedule} schedule:fanout ?id=${id} ${JSON.stringify(payload)}`;
}

// Scheduled work, fanned out to every installed shop by schedule:fanout (graphile-worker crontab;
// its task names may not contain dots, hence the colon).
export const CRONTAB = [
  fanout("0 3 * * *", "daily-recompute", { task: "intelligence.recomputeShop" }),
  fanout("*/30 * * * *", "reconcile", { task: "ingest.reconcile" }),
  fanout("* * * * *", "campaign-tick", { task: "campaigns.tickAll", perShop: false }),
  fanout("15 3 * * *", "daily-purchase-stats", { task: "segments.refreshPurchaseStats" }),
  fanout("30 3 * * *", "daily-attribution", { task: "results.attribute" }),
  // Data request reports past their retention (docs/decisions/0116): one sweep for all shops.
  fanout("40 * * * *", "data-request-retention", { task: "privacy.expireDataRequests", perShop: false }),
].join("\n");
