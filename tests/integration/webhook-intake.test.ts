// Group commit of webhook deliveries against PostgreSQL and the real graphile-worker queue: a burst
// with duplicates records and queues each delivery once; a failing enqueue loses nothing (rows
// removed so Shopify's retry is accepted); one bad delivery does not fail its batch-mates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookIntake, type Delivery } from "~/ingest/webhook-intake.server";
import type { Queue } from "~/jobs/queue";
import type { PgQueue } from "~/jobs/queue.server";
import type { TestDatabase } from "~tests/support/database";
import { workerTestbed, type WorkerTestbed } from "~tests/support/worker";
import { testDelivery } from "~tests/support/deliveries";

const SHOP = "intake.myshopify.com";

const delivery = (id: string, triggeredAt: string | null = "2026-11-29T10:00:00.000Z", shop = SHOP): Delivery =>
  testDelivery(id, {
    shop,
    triggeredAt,
    payload: JSON.stringify({ id, note: "tab\there, newline\nthere, backslash \\ and ünïcode" }),
  });

describe("webhook intake (group commit)", () => {
  let bed: WorkerTestbed;
  let database: TestDatabase;
  let queue: PgQueue;

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await database.pool.query<{ n: string }>(sql, params)).rows[0].n);
  const jobsFor = (prefix: string) =>
    count(`SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE payload->>'webhookId' LIKE $1`, [
      `${prefix}%`,
    ]);
  const rowsFor = (prefix: string) =>
    count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "webhookId" LIKE $1`, [`${prefix}%`]);

  beforeAll(async () => {
    bed = await workerTestbed();
    ({ database, queue } = bed);
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it("records and queues each of a concurrent burst once, duplicates included, in few commits", async () => {
    let batches = 0;
    const counting: Queue = {
      enqueue: queue.enqueue,
      enqueueMany: async (jobs) => {
        batches++;
        await queue.enqueueMany!(jobs);
      },
    };
    const intake = createWebhookIntake(database.pool, counting);
    const ids = Array.from({ length: 300 }, (_, i) => `burst-${i}`);
    const outcomes = await Promise.all([...ids, ...ids.slice(0, 30)].map((id) => intake.submit(delivery(id))));
    expect(outcomes.filter((o) => o === "recorded").length).toBeGreaterThanOrEqual(300);
    expect(await rowsFor("burst-")).toBe(300);
    expect(await jobsFor("burst-")).toBe(300);
    expect(batches).toBeLessThan(20);
    const stored = await database.pool.query<{
      topic: string;
      eventId: string;
      triggeredAt: Date;
      status: string;
      payload: string;
    }>(`SELECT topic, "eventId", "triggeredAt", status, payload FROM "WebhookDelivery" WHERE "webhookId" = 'burst-7'`);
    expect(stored.rows[0]).toEqual({
      topic: "orders/updated",
      eventId: "e-burst-7",
      triggeredAt: new Date("2026-11-29T10:00:00.000Z"),
      status: "received",
      payload: delivery("burst-7").payload,
    });
    // A later repeat is a duplicate and queues nothing.
    expect(await intake.submit(delivery("burst-7"))).toBe("duplicate");
    expect(await jobsFor("burst-")).toBe(300);
  });

  it("forgets the deliveries when their jobs cannot be queued, so a retry is accepted", async () => {
    const failing: Queue = {
      enqueue: () => Promise.reject(new Error("queue down")),
      enqueueMany: () => Promise.reject(new Error("queue down")),
    };
    const down = createWebhookIntake(database.pool, failing);
    const results = await Promise.allSettled(["down-1", "down-2", "down-3"].map((id) => down.submit(delivery(id))));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(await rowsFor("down-")).toBe(0);
    const up = createWebhookIntake(database.pool, queue);
    expect(await up.submit(delivery("down-2"))).toBe("recorded");
    expect(await jobsFor("down-")).toBe(1);
  });

  it("rejects only the bad delivery of a batch", async () => {
    const intake = createWebhookIntake(database.pool, queue);
    const batch = [delivery("mixed-1"), delivery("mixed-bad", "not a time"), delivery("mixed-2")];
    const results = await Promise.allSettled(batch.map((d) => intake.submit(d)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await rowsFor("mixed-")).toBe(2);
    expect(await jobsFor("mixed-")).toBe(2);
  });

  it("keys a delivery by shop and webhook id: the same id under two shops is two deliveries", async () => {
    const intake = createWebhookIntake(database.pool, queue);
    const other = "intake-other.myshopify.com";
    const outcomes = await Promise.all(
      [delivery("twin-1"), delivery("twin-1", undefined, other)].map((d) => intake.submit(d)),
    );
    expect(outcomes).toEqual(["recorded", "recorded"]);
    expect(await rowsFor("twin-")).toBe(2);
    expect(await jobsFor("twin-")).toBe(2);
    expect(await intake.submit(delivery("twin-1", undefined, other))).toBe("duplicate");
  });
});
