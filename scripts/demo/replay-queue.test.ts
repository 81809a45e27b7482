import { describe, expect, it } from "vitest";
import type { JobSpec, Queue } from "~/jobs/queue";
import { CRON_JOBS } from "~/jobs/registry.server";
import { cronFieldMatches, cronJobsDue, cronJobsToFire } from "./replay";
import { ReplayClock, ReplayQueue } from "./replay-queue";

const HOUR = 3_600_000;
const start = Date.parse("2026-10-06T10:00:00Z");

function recording(): { queue: Queue; jobs: JobSpec[] } {
  const jobs: JobSpec[] = [];
  return {
    jobs,
    queue: {
      enqueue: async (task, payload, options) => void jobs.push({ task, payload, options } as JobSpec),
      enqueueMany: async (many) => void jobs.push(...many),
    },
  };
}

describe("the replay queue", () => {
  it("passes jobs due now through and holds jobs due later on the replayed clock", async () => {
    const clock = new ReplayClock(start);
    const inner = recording();
    const queue = new ReplayQueue(inner.queue, clock);
    await queue.enqueue("campaigns.tick", { shop: "a" }, { runAt: new Date(start - HOUR), jobKey: "due" });
    await queue.enqueue("campaigns.tick", { shop: "a" }, { runAt: new Date(start + 7 * 24 * HOUR), jobKey: "d7" });
    await queue.enqueue("results.attribute", { shop: "a" });
    expect(inner.jobs.map((j) => [j.task, j.options?.runAt, j.options?.jobKey])).toEqual([
      ["campaigns.tick", undefined, "due"],
      ["results.attribute", undefined, undefined],
    ]);
    expect(queue.nextAt()).toBe(start + 7 * 24 * HOUR);
  });

  it("releases held jobs when the clock reaches them, one per task and payload", async () => {
    const clock = new ReplayClock(start);
    const inner = recording();
    const queue = new ReplayQueue(inner.queue, clock);
    for (const minutes of [10, 20, 30])
      await queue.enqueue(
        "campaigns.tick",
        { shop: "a" },
        { runAt: new Date(start + minutes * 60_000), jobKey: `t${minutes}` },
      );
    await queue.enqueue("campaigns.send", { shop: "a" }, { runAt: new Date(start + 5 * HOUR) });
    clock.set(start + HOUR);
    expect([...(await queue.release(start + HOUR))]).toEqual(["campaigns.tick"]);
    expect(inner.jobs).toEqual([{ task: "campaigns.tick", payload: { shop: "a" }, options: { jobKey: "t10" } }]);
    expect(queue.nextAt()).toBe(start + 5 * HOUR);
  });

  it("a job due now under a held job's key replaces it, as graphile-worker's job keys do", async () => {
    const clock = new ReplayClock(start);
    const inner = recording();
    const queue = new ReplayQueue(inner.queue, clock);
    await queue.enqueue("campaigns.send", { shop: "a" }, { runAt: new Date(start + HOUR), jobKey: "send" });
    await queue.enqueue("campaigns.send", { shop: "a" }, { jobKey: "send" });
    expect(queue.nextAt()).toBeNull();
    expect(inner.jobs).toHaveLength(1);
  });

  it("going live hands the held jobs over with their times and passes every later job through", async () => {
    const clock = new ReplayClock(start);
    const inner = recording();
    const queue = new ReplayQueue(inner.queue, clock);
    const later = new Date(start + 30 * 24 * HOUR);
    await queue.enqueue("campaigns.tick", { shop: "a" }, { runAt: later });
    clock.goLive();
    await queue.goLive();
    await queue.enqueue("campaigns.tick", { shop: "b" }, { runAt: later });
    expect(inner.jobs.map((j) => [j.payload, j.options?.runAt])).toEqual([
      [{ shop: "a" }, later],
      [{ shop: "b" }, later],
    ]);
    expect(clock.now().getTime()).toBeGreaterThan(start);
  });

  it("holds a coalesced task even when due now, and releases a burst of it as one job", async () => {
    const clock = new ReplayClock(start);
    const inner = recording();
    const queue = new ReplayQueue(inner.queue, clock, { coalesce: ["campaigns.tick"] });
    for (const order of [1, 2, 3]) await queue.enqueue("campaigns.tick", { shop: "a" }, { jobKey: `order-${order}` });
    await queue.enqueue("campaigns.tick", { shop: "a" }, { runAt: new Date(start + HOUR), jobKey: "later" });
    await queue.enqueue("results.attribute", { shop: "a" });
    expect(inner.jobs.map((j) => j.task)).toEqual(["results.attribute"]);
    expect([...(await queue.release(start))]).toEqual(["campaigns.tick"]);
    expect(inner.jobs.filter((j) => j.task === "campaigns.tick")).toHaveLength(1);
    expect(queue.nextAt()).toBe(start + HOUR);
    expect((await queue.release(start)).size).toBe(0);
  });

  it("its clock never goes back", () => {
    const clock = new ReplayClock(start);
    expect(() => clock.set(start - 1)).toThrow("backwards");
  });
});

describe("the crontab on the replayed clock", () => {
  it("matches the field forms the crontab uses", () => {
    expect(cronFieldMatches("*", 7)).toBe(true);
    expect(cronFieldMatches("*/30", 30)).toBe(true);
    expect(cronFieldMatches("*/30", 20)).toBe(false);
    expect(cronFieldMatches("15", 15)).toBe(true);
    expect(cronFieldMatches("1,3", 3)).toBe(true);
  });

  it("fires each job due in a step once: the daily jobs only when the step covers their time", () => {
    const ids = (from: string, to: string) =>
      cronJobsDue(CRON_JOBS, Date.parse(from), Date.parse(to))
        .map((j) => j.id)
        .sort();
    expect(ids("2026-10-06T04:00:00Z", "2026-10-06T16:00:00Z")).toEqual(
      ["campaign-tick", "data-request-retention", "marketing-engagement", "reconcile"].sort(),
    );
    expect(ids("2026-10-06T16:00:00Z", "2026-10-07T04:00:00Z")).toEqual(
      [
        "campaign-tick",
        "daily-attribution",
        "daily-purchase-stats",
        "daily-recompute",
        "data-request-retention",
        "marketing-engagement",
        "reconcile",
      ].sort(),
    );
    // A step ending exactly at 03:00 includes it; one starting there does not.
    expect(ids("2026-10-06T02:59:00Z", "2026-10-06T03:00:00Z")).toContain("daily-recompute");
    expect(ids("2026-10-06T03:00:00Z", "2026-10-06T03:01:00Z")).not.toContain("daily-recompute");
  });

  it("fires the upkeep jobs once per replayed day, the reconcile never, the tick and the daily jobs as the crontab does", () => {
    const firedAt = new Map<string, number>();
    const step = (from: string, to: string) =>
      cronJobsToFire(CRON_JOBS, Date.parse(from), Date.parse(to), firedAt)
        .map((j) => j.id)
        .sort();
    expect(step("2026-10-06T04:00:00Z", "2026-10-06T16:00:00Z")).toEqual(
      ["campaign-tick", "data-request-retention", "marketing-engagement"].sort(),
    );
    expect(step("2026-10-06T16:00:00Z", "2026-10-07T04:00:00Z")).toEqual(
      ["campaign-tick", "daily-attribution", "daily-purchase-stats", "daily-recompute"].sort(),
    );
    expect(step("2026-10-07T04:00:00Z", "2026-10-07T16:00:00Z")).toEqual(
      ["campaign-tick", "data-request-retention", "marketing-engagement"].sort(),
    );
  });
});
