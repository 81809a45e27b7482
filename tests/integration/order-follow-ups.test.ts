// An order webhook's follow-ups run in its own job, in the order the message path needs, and fall
// back to the queue when one fails; message-path jobs run ahead of a backlog (decision 0212).
import { Logger, run } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterOrderChange, INLINE_FOLLOW_UPS_MAX_ORDERS, orderFollowUps } from "~/ingest/followups.server";
import { runNowOrQueue } from "~/jobs/inline.server";
import { MESSAGE_PATH_PRIORITY } from "~/jobs/queue";
import { createQueue, type PgQueue } from "~/jobs/queue.server";
import { memoryLogger } from "~/logger.server";
import type { AppContext } from "~/runtime/app-context.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { recordingQueue } from "~tests/support/ingest";
import { seedStore } from "~tests/support/segment-store";

const SHOP = "follow-ups.myshopify.com";
const C1 = 7_000_000_000_001n;

describe("order follow-ups", () => {
  let database: TestDatabase;
  const context = (queue = recordingQueue()) => {
    const log = memoryLogger();
    const ctx: AppContext = {
      db: database,
      queue,
      log,
      now: () => new Date("2026-11-20T10:00:00Z"),
      admin: () => Promise.reject(new Error("no Admin API in this test")),
    };
    return { ctx, queue, log };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.shop.create({ data: { domain: SHOP } });
    await seedStore(database.pool, SHOP, {
      customers: [{ id: String(C1), firstName: "Ada", email: "ada@example.com", emailMarketing: "SUBSCRIBED" }],
      orders: [
        { id: 901, customerId: String(C1), processedAt: new Date("2026-11-19T10:00:00Z"), productIds: [101] },
        { id: 902, customerId: String(C1), processedAt: new Date("2026-11-20T09:00:00Z"), productIds: [101] },
      ],
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("lists the profile and purchase stats before the campaign decision, attribution last", () => {
    const jobs = orderFollowUps(SHOP, [{ id: 902n, customerId: C1 }]);
    expect(jobs.map((j) => j.task)).toEqual([
      "intelligence.refreshCustomer",
      "segments.refreshPurchaseStats",
      "campaigns.onOrder",
      "results.attributeOrder",
    ]);
  });

  it("runs a webhook's follow-ups in its own job: the profile is current and nothing is queued", async () => {
    const { ctx, queue } = context();
    await afterOrderChange(ctx, SHOP, [{ id: 902n, customerId: C1 }]);
    expect(queue.jobs).toEqual([]);
    const profile = await database.prisma.customerProfile.findUniqueOrThrow({
      where: { shop_customerId: { shop: SHOP, customerId: C1 } },
    });
    expect(profile.orderCount).toBe(2);
    const stats = await database.pool.query<{ n: number }>(
      `SELECT "orderCount" AS n FROM "SegmentPurchaseStat" WHERE shop = $1 AND "customerId" = $2`,
      [SHOP, String(C1)],
    );
    expect(stats.rows.map((r) => r.n)).toEqual([2]);
  });

  it("queues a follow-up that fails, under its own key, and still runs the others", async () => {
    const { ctx, queue, log } = context();
    const ran: string[] = [];
    await runNowOrQueue(
      ctx,
      {
        "intelligence.refreshCustomer": () => Promise.reject(new Error("database hiccup")),
        "campaigns.onOrder": async () => void ran.push("onOrder"),
      },
      orderFollowUps(SHOP, [{ id: 902n, customerId: C1 }]),
    );
    expect(ran).toEqual(["onOrder"]);
    // No handler given here for purchase stats and attribution: they are queued as well.
    expect(queue.jobs.map((j) => [j.task, j.options.jobKey])).toEqual([
      ["intelligence.refreshCustomer", `refresh:${SHOP}:${C1}`],
      ["segments.refreshPurchaseStats", `purchaseStats:${SHOP}:${C1}`],
      ["results.attributeOrder", `results.attributeOrder:${SHOP}:902`],
    ]);
    expect(log.lines.some((l) => l.message === "follow-up failed; queued to retry")).toBe(true);
  });

  it("queues the follow-ups of many orders (a reconcile page) instead of running them in one job", async () => {
    const { ctx, queue } = context();
    const orders = Array.from({ length: INLINE_FOLLOW_UPS_MAX_ORDERS + 1 }, (_, i) => ({
      id: BigInt(5000 + i),
      customerId: C1,
    }));
    await afterOrderChange(ctx, SHOP, orders);
    expect(queue.jobs.filter((j) => j.task === "campaigns.onOrder")).toHaveLength(orders.length);
  });

  it("runs a message-path job ahead of a backlog queued before it", async () => {
    const queue: PgQueue = await createQueue(database.pool);
    const order: string[] = [];
    try {
      for (let i = 0; i < 5; i++) await queue.enqueue("ingest.reconcile", { shop: `backlog-${i}.myshopify.com` });
      await queue.enqueue("campaigns.tick", { shop: SHOP }, { priority: MESSAGE_PATH_PRIORITY });
      const record = (name: string) => async () => void order.push(name);
      const runner = await run({
        pgPool: database.pool,
        concurrency: 1,
        noHandleSignals: true,
        pollInterval: 100,
        logger: new Logger(() => () => undefined),
        taskList: { "ingest.reconcile": record("reconcile"), "campaigns.tick": record("tick") },
      });
      for (let i = 0; i < 100 && order.length < 6; i++) await new Promise((r) => setTimeout(r, 50));
      await runner.stop();
    } finally {
      await queue.release();
    }
    expect(order[0]).toBe("tick");
    expect(order).toHaveLength(6);
  });
});
