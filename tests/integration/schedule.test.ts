import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "~/runtime/app-context.server";
import type { EnqueueOptions } from "~/jobs/queue";
import { scheduleTasks } from "~/jobs/schedule.server";
import { memoryLogger } from "~/logger.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

describe("schedule:fanout", () => {
  let database: TestDatabase;
  const queued: { task: string; payload: Record<string, unknown>; options?: EnqueueOptions }[] = [];
  let ctx: AppContext;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.shop.createMany({
      data: [
        { domain: "a.myshopify.com" },
        { domain: "b.myshopify.com" },
        { domain: "gone.myshopify.com", uninstalledAt: new Date() },
      ],
    });
    ctx = {
      db: database,
      queue: { enqueue: async (task, payload, options) => void queued.push({ task, payload, options }) },
      admin: () => Promise.reject(new Error("unused")),
      now: () => new Date(),
      log: memoryLogger(),
    };
  });
  afterAll(() => database.drop());

  it("queues one coalesced job per installed shop, skipping uninstalled ones", async () => {
    queued.length = 0;
    await scheduleTasks["schedule:fanout"]({ task: "ingest.reconcile" }, ctx);
    expect(queued.map((q) => [q.task, q.payload.shop, q.options?.jobKey])).toEqual([
      ["ingest.reconcile", "a.myshopify.com", "ingest.reconcile:a.myshopify.com"],
      ["ingest.reconcile", "b.myshopify.com", "ingest.reconcile:b.myshopify.com"],
    ]);
  });

  it("queues a shop-finding task once when perShop is false, and rejects a payload without a task", async () => {
    queued.length = 0;
    await scheduleTasks["schedule:fanout"]({ task: "campaigns.tickAll", perShop: false }, ctx);
    expect(queued).toEqual([{ task: "campaigns.tickAll", payload: {}, options: { jobKey: "campaigns.tickAll" } }]);
    await expect(scheduleTasks["schedule:fanout"]({}, ctx)).rejects.toThrow();
  });
});
