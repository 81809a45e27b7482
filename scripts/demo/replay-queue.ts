// The demo's replay of its store's past (decision 0199): the app's clock follows the simulated
// store's clock while the replayed days go by in minutes. graphile-worker schedules a job by
// the database's wall clock, so a job the app queues for later on the store's clock (a check-in
// due in 7 days, a send after quiet hours) would run at once. The replay queue holds such jobs
// and hands them to the real queue when the replayed clock reaches their time; jobs due now pass
// straight through. Once live, the held jobs go to the real queue with their times and every
// later job passes through unchanged.
import { enqueueAll, type EnqueueOptions, type JobSpec, type Queue } from "~/jobs/queue";
import type { TaskName, TaskPayload } from "~/jobs/tasks";

/** The clock the app reads during the replay; null once live (the wall clock). */
export class ReplayClock {
  private at: number | null;
  constructor(start: number) {
    this.at = start;
  }
  now = (): Date => (this.at === null ? new Date() : new Date(this.at));
  set(at: number): void {
    if (this.at === null) throw new Error("the replay clock is live");
    if (at < this.at) throw new Error("the replay clock cannot go backwards");
    this.at = at;
  }
  goLive(): void {
    this.at = null;
  }
}

interface Held {
  job: JobSpec;
  at: number;
}

export class ReplayQueue implements Queue {
  private held = new Map<string, Held>();
  private unkeyed = 0;
  private live = false;
  private coalesce: ReadonlySet<TaskName>;

  /**
   * `coalesce`: tasks held even when due now, until the next `release`. The replay delivers a step's
   * orders at once on a clock that stands still, so one tick after them decides what a tick after
   * each would (and graphile-worker's job key would fold a burst's ticks the same way).
   */
  constructor(
    private inner: Queue,
    private clock: ReplayClock,
    options: { coalesce?: readonly TaskName[] } = {},
  ) {
    this.coalesce = new Set(options.coalesce ?? []);
  }

  enqueue<K extends TaskName>(task: K, payload: TaskPayload<K>, options?: EnqueueOptions): Promise<void> {
    return this.enqueueMany([{ task, payload, options } as JobSpec]);
  }

  async enqueueMany(jobs: readonly JobSpec[]): Promise<void> {
    if (this.live) return enqueueAll(this.inner, jobs);
    const now = this.clock.now().getTime();
    const due: JobSpec[] = [];
    for (const job of jobs) {
      const at = job.options?.runAt?.getTime();
      const key = job.options?.jobKey;
      if ((at !== undefined && at > now) || this.coalesce.has(job.task)) {
        // Same key while pending replaces the job, as graphile-worker's job keys do.
        this.held.set(key ?? `#${++this.unkeyed}`, { job, at: Math.max(at ?? now, now) });
        continue;
      }
      if (key !== undefined) this.held.delete(key);
      due.push(withoutRunAt(job));
    }
    await enqueueAll(this.inner, due);
  }

  /** The earliest held job's time on the replayed clock, or null. */
  nextAt(): number | null {
    let next: number | null = null;
    for (const { at } of this.held.values()) if (next === null || at < next) next = at;
    return next;
  }

  /**
   * Hands the jobs due by `now` (on the replayed clock) to the real queue, earliest first. Jobs of
   * one task with one payload go once: run at the same instant of the replayed clock, a second
   * would find its work done (a tick per order due in the same hour is one tick).
   */
  async release(now: number): Promise<Set<TaskName>> {
    const due = [...this.held.entries()].filter(([, h]) => h.at <= now).sort((a, b) => a[1].at - b[1].at);
    const jobs = new Map<string, JobSpec>();
    for (const [key, { job }] of due) {
      this.held.delete(key);
      const same = `${job.task}|${JSON.stringify(job.payload)}`;
      if (!jobs.has(same)) jobs.set(same, withoutRunAt(job));
    }
    await enqueueAll(this.inner, [...jobs.values()]);
    return new Set([...jobs.values()].map((job) => job.task));
  }

  /** The replay is over: the held jobs go to the real queue at their times (now wall-clock times). */
  async goLive(): Promise<void> {
    this.live = true;
    const held = [...this.held.values()].map((h) => h.job);
    this.held.clear();
    await enqueueAll(this.inner, held);
  }
}

function withoutRunAt(job: JobSpec): JobSpec {
  if (job.options?.runAt === undefined) return job;
  const { runAt: _runAt, ...options } = job.options;
  return { ...job, options } as JobSpec;
}
