// A customer's profile refresh (an order's follow-up, decision 0212) while the whole-shop recompute
// of the same shop runs in another job: neither may fail with "deadlock detected", and a refresh
// must not wait for the recompute's commit holding a worker slot (docs/decisions/0216).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "~/logger.server";
import { intelligenceTasks } from "~/profile/tasks.server";
import type { AppContext } from "~/runtime/app-context.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { recordingQueue } from "~tests/support/ingest";
import { holdLock, lockWaiters } from "~tests/support/locks";
import { seedStore } from "~tests/support/segment-store";

const SHOP = "profile-race.myshopify.com";
/** First orders of 1,200.00: the recompute and the refresh both record lifetime_spend 1000. */
const BUYER = 7_000_000_000_001n;
const LATE_BUYER = 7_000_000_000_003n;
/** Holds a milestone it does not reach, which the recompute deletes after writing every profile. */
const OTHER = 7_000_000_000_002n;
const NOW = new Date("2026-11-20T10:00:00Z");
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10));
const staleMilestone = { customerId: String(OTHER), kind: "lifetime_spend", threshold: "5000", reachedAt: at(1) };

describe("profile refresh beside the whole-shop recompute", () => {
  let database: TestDatabase;
  const context = () => {
    const queue = recordingQueue();
    const log = memoryLogger();
    const ctx: AppContext = {
      db: database,
      queue,
      log,
      now: () => NOW,
      admin: () => Promise.reject(new Error("no Admin API in this test")),
    };
    return { ctx, queue, log };
  };
  const milestones = async (customerId: bigint) =>
    (
      await database.pool.query<{ kind: string; threshold: string }>(
        `SELECT kind, threshold::text FROM "CustomerMilestone" WHERE shop = $1 AND "customerId" = $2 ORDER BY 1, 2`,
        [SHOP, customerId.toString()],
      )
    ).rows;

  /**
   * The recompute writes every profile, then stops at OTHER's stale milestone, held by a third
   * session: it holds the buyer's profile row. Then the buyer's refresh runs. Before the fix it
   * inserted the buyer's milestone, then waited for the buyer's profile row; the recompute, let go,
   * waited to insert that same milestone: a cycle, and PostgreSQL aborted the refresh.
   */
  async function refreshDuringRecompute(customerId: bigint) {
    const { ctx, queue, log } = context();
    const refresh = () =>
      intelligenceTasks["intelligence.refreshCustomer"]({ shop: SHOP, customerId: customerId.toString() }, ctx);
    const other = await holdLock(
      database.pool,
      `SELECT 1 FROM "CustomerMilestone" WHERE shop = $1 AND "customerId" = $2 FOR UPDATE`,
      [SHOP, OTHER.toString()],
    );
    let refreshed = false;
    const refreshing = async () => {
      await lockWaiters(database.pool, 1);
      try {
        await refresh();
      } finally {
        refreshed = true;
      }
    };
    const results = Promise.allSettled([
      intelligenceTasks["intelligence.recomputeShop"]({ shop: SHOP }, ctx),
      refreshing(),
    ]);
    try {
      // The refresh waits (before the fix) or is done at once (it found the recompute running).
      await lockWaiters(database.pool, 2, () => refreshed);
    } finally {
      await other.release();
    }
    const outcomes = (await results).map((r) => (r.status === "rejected" ? String(r.reason) : r.status));
    const mode = log.lines.find((l) => l.message === "intelligence.recompute")?.fields.mode;
    return { outcomes, queue, refresh, mode };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.shop.create({ data: { domain: SHOP } });
    await seedStore(database.pool, SHOP, {
      customers: [{ id: String(BUYER) }, { id: String(OTHER) }, { id: String(LATE_BUYER) }],
      orders: [
        { id: 901, customerId: String(BUYER), processedAt: at(19), totalPrice: "1200.00", productIds: [101] },
        { id: 902, customerId: String(OTHER), processedAt: at(1), productIds: [101] },
      ],
      milestones: [staleMilestone],
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("the first (full) run: both succeed; the refresh waits for the recompute's commit, then writes", async () => {
    const { outcomes, queue, refresh, mode } = await refreshDuringRecompute(BUYER);
    expect(outcomes).toEqual(["fulfilled", "fulfilled"]);
    expect(mode).toBe("full");
    expect(await milestones(BUYER)).toEqual([{ kind: "lifetime_spend", threshold: "1000.0000" }]);
    expect(await milestones(OTHER)).toEqual([]);

    // The refresh waited for the recompute's commit (a small shop's recompute is short), then wrote.
    expect(queue.take("intelligence.refreshCustomer")).toEqual([]);
    await refresh();
    expect(queue.jobs).toEqual([]);
  });

  it("the daily (incremental) run with a new buyer's order: both succeed", async () => {
    // OTHER is dirty again (a consent change) and holds a stale milestone again.
    await seedStore(database.pool, SHOP, {
      orders: [
        { id: 903, customerId: String(LATE_BUYER), processedAt: at(20), totalPrice: "1200.00", productIds: [101] },
      ],
      milestones: [staleMilestone],
    });
    await database.pool.query(`UPDATE "Customer" SET "emailMarketing" = 'SUBSCRIBED' WHERE shop = $1 AND id = $2`, [
      SHOP,
      OTHER.toString(),
    ]);
    const { outcomes, queue, mode } = await refreshDuringRecompute(LATE_BUYER);
    expect(outcomes).toEqual(["fulfilled", "fulfilled"]);
    expect(mode).toBe("incremental");
    expect(await milestones(LATE_BUYER)).toEqual([{ kind: "lifetime_spend", threshold: "1000.0000" }]);
    expect(await milestones(OTHER)).toEqual([]);
    expect(queue.take("intelligence.refreshCustomer")).toHaveLength(0);
  });
});
