// An order's one-customer refreshes meet a whole-shop rebuild that holds the shop's lock (minutes on
// a large shop): each waits a bounded time, queues itself again under its key for later instead of
// holding a worker slot, and that later job writes (docs/decisions/0216, 0224).
import { Logger, runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterOrderChange } from "~/ingest/followups.server";
import { createQueue, type PgQueue } from "~/jobs/queue.server";
import type { TaskMap } from "~/jobs/registry.server";
import { toTaskList } from "~/jobs/worker.server";
import { memoryLogger } from "~/logger.server";
import { intelligenceTasks, refreshCustomerTask, refreshJobKey } from "~/profile/tasks.server";
import type { AppContext } from "~/runtime/app-context.server";
import { PURCHASE_STATS_WAIT_MS } from "~/segments/purchase-stats.server";
import { purchaseStatsJobKey, segmentTasks } from "~/segments/tasks.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { holdLock } from "~tests/support/locks";
import { until } from "~tests/support/worker";
import { purchaseStatsOf, seedStore } from "~tests/support/segment-store";

const SHOP = "refresh-requeue.myshopify.com";
const STATS_BUYER = 7_000_000_000_001n;
const INLINE_BUYER = 7_000_000_000_002n;
const PROFILE_BUYER = 7_000_000_000_003n;
/** What the whole-shop rebuild (app/segments/purchase-stats.server.ts) and recompute (app/profile/shop-lock.server.ts) hold. */
const REBUILD_LOCK = `SELECT pg_advisory_xact_lock(hashtext('rapport:purchase-stats:' || $1))`;
const RECOMPUTE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('rapport:profiles:' || $1))`;
/** Far past the bounded wait (1 s): a refresh still waiting then waits for the lock's release (the old code). */
const STILL_WAITING_MS = 15_000;

describe("a refresh that meets the shop's whole-shop rebuild", () => {
  let database: TestDatabase;
  let queue: PgQueue;
  let ctx: AppContext & { log: ReturnType<typeof memoryLogger> };

  /** The worker runs every due job of these tasks, then stops. */
  const work = (tasks: TaskMap) =>
    runOnce({ pgPool: database.pool, taskList: toTaskList(tasks, ctx), logger: new Logger(() => () => undefined) });

  /** True if `job` settled before STILL_WAITING_MS. */
  const settlesInTime = (job: Promise<unknown>) =>
    Promise.race([
      job.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STILL_WAITING_MS)),
    ]);

  const pending = async (task: string) =>
    (
      await database.pool.query<{ key: string | null; payload: unknown; inSeconds: number }>(
        `SELECT j.key, j.payload, extract(epoch FROM j.run_at - now())::float AS "inSeconds"
           FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
          WHERE t.identifier = $1`,
        [task],
      )
    ).rows;

  /** graphile-worker deletes a finished job after runOnce returns (its completion is not awaited). */
  const jobsLeft = (task: string, count: number) => until(async () => (await pending(task)).length === count, 10_000);

  const dueNow = () => database.pool.query(`UPDATE graphile_worker._private_jobs SET run_at = now()`);

  const stats = (customerId: bigint) => purchaseStatsOf(database.pool, SHOP, customerId);

  beforeAll(async () => {
    database = await createTestDatabase();
    queue = await createQueue(database.pool);
    ctx = {
      db: database,
      queue,
      log: memoryLogger(),
      now: () => new Date(),
      admin: () => Promise.reject(new Error("no Admin API in this test")),
    };
    await database.prisma.shop.create({ data: { domain: SHOP } });
    const at = new Date(Date.UTC(2026, 10, 20, 10));
    await seedStore(database.pool, SHOP, {
      customers: [{ id: String(STATS_BUYER) }, { id: String(INLINE_BUYER) }, { id: String(PROFILE_BUYER) }],
      orders: [
        { id: 901, customerId: String(STATS_BUYER), processedAt: at, productIds: [101, 102] },
        { id: 902, customerId: String(INLINE_BUYER), processedAt: at, productIds: [101] },
        { id: 903, customerId: String(PROFILE_BUYER), processedAt: at, productIds: [101] },
      ],
    });
  });
  afterAll(async () => {
    await queue?.release();
    await database?.drop();
  });

  it("purchase stats, as a queued job: it gives up after the bounded wait, queues itself under its key for later, and that job writes once the rebuild is done", async () => {
    const ids = [String(STATS_BUYER)];
    const key = purchaseStatsJobKey(SHOP, ids);
    await queue.enqueue("segments.refreshPurchaseStats", { shop: SHOP, customerIds: ids }, { jobKey: key });
    const rebuild = await holdLock(database.pool, REBUILD_LOCK, [SHOP]);
    const first = work(segmentTasks);
    try {
      // Before: it waited for the rebuild's commit, holding the worker slot (174–182 s on 1M customers).
      expect(await settlesInTime(first)).toBe(true);
    } finally {
      await rebuild.release();
    }
    await first;
    await jobsLeft("segments.refreshPurchaseStats", 1);
    const [again] = await pending("segments.refreshPurchaseStats");
    expect(again.key).toBe(key);
    expect(again.key).toBe(`purchaseStats:${SHOP}:${STATS_BUYER}`);
    expect(again.payload).toEqual({ shop: SHOP, customerIds: ids });
    expect(again.inSeconds).toBeGreaterThan(5);
    expect(await stats(STATS_BUYER)).toEqual([]);

    await dueNow();
    await work(segmentTasks);
    await jobsLeft("segments.refreshPurchaseStats", 0);
    expect(await stats(STATS_BUYER)).toEqual([
      { productId: "101", orderCount: 1 },
      { productId: "102", orderCount: 1 },
    ]);
  });

  it("purchase stats, inline in the webhook's job: the follow-ups go on and succeed, the refresh is queued and later writes", async () => {
    const rebuild = await holdLock(database.pool, REBUILD_LOCK, [SHOP]);
    const started = Date.now();
    const followUps = afterOrderChange(ctx, SHOP, [{ id: 902n, customerId: INLINE_BUYER }]);
    try {
      expect(await settlesInTime(followUps)).toBe(true);
    } finally {
      await rebuild.release();
    }
    await followUps;
    // It did wait (a refresh of another customer holds the lock for milliseconds), then gave up.
    expect(Date.now() - started).toBeGreaterThanOrEqual(PURCHASE_STATS_WAIT_MS);
    // Not a failed follow-up (those are queued to retry with a warning): a deferred one.
    expect(ctx.log.lines.filter((l) => l.message === "follow-up failed; queued to retry")).toEqual([]);
    const queued = await pending("segments.refreshPurchaseStats");
    expect(queued.map((j) => j.key)).toEqual([`purchaseStats:${SHOP}:${INLINE_BUYER}`]);
    expect(queued[0].inSeconds).toBeGreaterThan(5);
    expect(await stats(INLINE_BUYER)).toEqual([]);
    // The profile refresh, not held, wrote in the webhook's job.
    expect(await pending("intelligence.refreshCustomer")).toEqual([]);

    await dueNow();
    await work(segmentTasks);
    expect(await stats(INLINE_BUYER)).toEqual([{ productId: "101", orderCount: 1 }]);
  });

  it("a profile, when the recompute holds the lock past the refresh's wait: queued under its key for later, and that job writes", async () => {
    const payload = { shop: SHOP, customerId: String(PROFILE_BUYER) };
    const recompute = await holdLock(database.pool, RECOMPUTE_LOCK, [SHOP]);
    try {
      // The handler the task runs, with 200 ms instead of REFRESH_WAIT_MS (20 s).
      await refreshCustomerTask(200)(payload, ctx);
    } finally {
      await recompute.release();
    }
    const queued = await pending("intelligence.refreshCustomer");
    expect(queued.map((j) => [j.key, j.payload])).toEqual([[refreshJobKey(SHOP, PROFILE_BUYER), payload]]);
    expect(queued[0].inSeconds).toBeGreaterThan(5);
    const profile = () =>
      database.prisma.customerProfile.findUnique({
        where: { shop_customerId: { shop: SHOP, customerId: PROFILE_BUYER } },
      });
    expect(await profile()).toBeNull();

    await dueNow();
    await work(intelligenceTasks);
    await jobsLeft("intelligence.refreshCustomer", 0);
    expect((await profile())?.orderCount).toBe(1);
  });
});
