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
import { marketingTasks } from "~/marketing/tasks.server";
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
    ...marketingTasks,
  } satisfies Record<TaskName, TaskHandler>;
}

/** One scheduled fan-out: its cron schedule (UTC), its id and what schedule:fanout runs. */
export interface CronJob {
  schedule: string;
  id: string;
  payload: TaskPayload<"schedule:fanout">;
}

// Scheduled work, fanned out to every installed shop by schedule:fanout (graphile-worker crontab;
// its task names may not contain dots, hence the colon). The demo's replay fires the same list on
// its simulated clock (scripts/demo/replay.ts).
export const CRON_JOBS: readonly CronJob[] = [
  { schedule: "0 3 * * *", id: "daily-recompute", payload: { task: "intelligence.recomputeShop" } },
  { schedule: "*/30 * * * *", id: "reconcile", payload: { task: "ingest.reconcile" } },
  { schedule: "* * * * *", id: "campaign-tick", payload: { task: "campaigns.tickAll", perShop: false } },
  { schedule: "15 3 * * *", id: "daily-purchase-stats", payload: { task: "segments.refreshPurchaseStats" } },
  { schedule: "30 3 * * *", id: "daily-attribution", payload: { task: "results.attribute" } },
  // Data request reports past their retention (docs/decisions/0116): one sweep for all shops.
  {
    schedule: "40 * * * *",
    id: "data-request-retention",
    payload: { task: "privacy.expireDataRequests", perShop: false },
  },
  // Hourly, so each shop's day is reported soon after its own midnight (decision 0175).
  { schedule: "20 * * * *", id: "marketing-engagement", payload: { task: "marketing.reportEngagement" } },
];

/** The crontab graphile-worker runs: schedule:fanout for each job, whose task name the compiler checks. */
export const CRONTAB = CRON_JOBS.map(
  ({ schedule, id, payload }) => `${schedule} schedule:fanout ?id=${id} ${JSON.stringify(payload)}`,
).join("\n");
