// The demo store's past (decisions 0199, 0215): after the install and the first sync, the store's
// clock and the app's clock move together from `--past-days` ago to now, twelve hours at a time. At
// each step the simulator delivers what happened in those hours by webhook and shoppers click; then
// the app's scheduled jobs fire as its crontab would, one at a time; then the jobs the app queued
// for those hours and one tick are released; the step ends when the app has nothing left to do.
// Everything in between is the app's own code: ticks, guardrails, sends over SMTP to the local
// inbox, clicks, attribution.
import type { AppContext } from "~/runtime/app-context.server";
import { CRON_JOBS, type CronJob } from "~/jobs/registry.server";
import { countOf } from "~/shared/format";
import type { Simulator } from "~sim/index";
import { recordRelaunches } from "./campaigns";
import type { ReplayClock, ReplayQueue } from "./replay-queue";
import type { Shoppers } from "./shoppers";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/**
 * Twelve hours: a message held for quiet hours (the default 21:00–08:00, 11 hours) goes out within
 * twelve hours of their end, so never inside them; a check-in goes at most twelve hours after it
 * is due (within its 3 days); 120 steps for two months.
 */
export const STEP_MS = 12 * HOUR_MS;
const CAUGHT_UP_MS = MINUTE_MS;
/** Rounds of released jobs per step: a tick's sends, their follow-ups; more would be a loop. */
const MAX_ROUNDS = 10;
/**
 * Crontab jobs that run many times a day for upkeep, fired once per replayed day: the engagement
 * report sends each day once, the retention sweep finds nothing new within a day.
 */
const ONCE_A_DAY: ReadonlySet<string> = new Set(["marketing-engagement", "data-request-retention"]);
/**
 * Not fired in the replay: the reconcile re-reads everything updated since its cursor to catch
 * webhooks Shopify failed to deliver, and the replay waits for every webhook before a step ends.
 * Its first run once live reads the replayed days' changes once.
 */
const NOT_REPLAYED: ReadonlySet<string> = new Set(["reconcile"]);
/** What the replay folds into one job per step (ReplayQueue's `coalesce`). */
export const COALESCED_TASKS = ["campaigns.tick"] as const;

export interface ReplayOptions {
  ctx: AppContext;
  sim: Simulator;
  clock: ReplayClock;
  queue: ReplayQueue;
  shoppers: Shoppers;
  say: (line: string) => void;
  /** Replay until the store's clock reaches this wall-clock time (read again at each step: now moves). */
  until?: () => number;
  stepMs?: number;
}

/** Does a crontab field (`*`, `*\/n`, `n`, `a,b`) match this value? Only the forms CRON_JOBS uses. */
export function cronFieldMatches(field: string, value: number): boolean {
  return field.split(",").some((part) => {
    if (part === "*") return true;
    const every = /^\*\/(\d+)$/.exec(part);
    if (every) return value % Number(every[1]) === 0;
    return /^\d+$/.test(part) && Number(part) === value;
  });
}

/** The cron jobs due at least once in (from, to], each once (graphile-worker's crontab is UTC). */
export function cronJobsDue(jobs: readonly CronJob[], from: number, to: number): CronJob[] {
  const due = new Set<CronJob>();
  for (let t = Math.floor(from / MINUTE_MS) * MINUTE_MS + MINUTE_MS; t <= to; t += MINUTE_MS) {
    const at = new Date(t);
    for (const job of jobs) {
      const [minute, hour, dayOfMonth, month, weekday] = job.schedule.split(" ");
      if (
        cronFieldMatches(minute, at.getUTCMinutes()) &&
        cronFieldMatches(hour, at.getUTCHours()) &&
        cronFieldMatches(dayOfMonth, at.getUTCDate()) &&
        cronFieldMatches(month, at.getUTCMonth() + 1) &&
        cronFieldMatches(weekday, at.getUTCDay())
      )
        due.add(job);
    }
  }
  return [...due];
}

/**
 * The crontab's jobs a replay step (from, to] fires: each due one once, the upkeep jobs
 * (`ONCE_A_DAY`) only when a replayed day has passed since they last fired (`firedAt`, updated).
 */
export function cronJobsToFire(
  jobs: readonly CronJob[],
  from: number,
  to: number,
  firedAt: Map<string, number>,
): CronJob[] {
  return cronJobsDue(jobs, from, to).filter((job) => {
    if (NOT_REPLAYED.has(job.id)) return false;
    const last = firedAt.get(job.id);
    if (ONCE_A_DAY.has(job.id) && last !== undefined && to - last < DAY_MS) return false;
    firedAt.set(job.id, to);
    return true;
  });
}

/** Jobs graphile-worker would run now or is running (a failed job waiting for its retry is not). */
async function busyJobs(ctx: AppContext): Promise<number> {
  const { rows } = await ctx.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM graphile_worker._private_jobs
      WHERE attempts < max_attempts AND (locked_at IS NOT NULL OR run_at <= now())`,
  );
  return rows[0]?.n ?? 0;
}

/** Until the simulator has delivered every webhook and the app's queue is empty. */
export async function settle(ctx: AppContext, sim: Simulator): Promise<void> {
  for (;;) {
    await sim.webhooks.idle();
    if ((await busyJobs(ctx)) === 0) return;
    while ((await busyJobs(ctx)) > 0) await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

export interface ReplaySummary {
  days: number;
  steps: number;
  seconds: number;
}

export async function replayPast(options: ReplayOptions): Promise<ReplaySummary> {
  const { ctx, sim, clock, queue, shoppers, say } = options;
  const until = options.until ?? Date.now;
  const stepMs = options.stepMs ?? STEP_MS;
  const started = Date.now();
  const start = clock.now().getTime();
  const totalDays = Math.round((until() - start) / DAY_MS);
  let at = start;
  let steps = 0;
  let shownDay = 0;
  const firedAt = new Map<string, number>();
  for (;;) {
    // Now moves while the replay runs: within a minute of it, the replay is done (going live
    // delivers the rest), else a step that ends at now would be followed by another, forever.
    const end = until();
    if (end - at <= CAUGHT_UP_MS) break;
    const next = Math.min(at + stepMs, end);
    clock.set(next);
    sim.clock.advance(new Date(next));
    await recordRelaunches(ctx, sim, at, next);
    await shoppers.clickDue(next);
    // The step's webhooks first, then the crontab's jobs one at a time, for a predictable step: an
    // order's refresh beside the recompute or the purchase-stat rebuild would wait for it holding a
    // worker slot, or be queued for later and held until the next step (decisions 0215, 0216, 0224).
    await settle(ctx, sim);
    for (const job of cronJobsToFire(CRON_JOBS, at, next, firedAt)) {
      await ctx.queue.enqueue("schedule:fanout", job.payload);
      await settle(ctx, sim);
    }
    // The jobs held for this step's hours and the ticks its orders asked for (one per shop: the
    // clock stood still meanwhile), then what those queued, until nothing more is due.
    for (let round = 0; round < MAX_ROUNDS && (await queue.release(next)).size > 0; round += 1) await settle(ctx, sim);
    at = next;
    steps += 1;
    const day = Math.min(totalDays, Math.floor((at - start) / DAY_MS));
    if (day >= shownDay + 10 || (day === totalDays && day > shownDay)) {
      shownDay = day;
      say(`replaying the last ${countOf(totalDays, "day")} of campaigns… day ${day}/${totalDays}`);
    }
  }
  return { days: totalDays, steps, seconds: Math.round((Date.now() - started) / 1000) };
}
