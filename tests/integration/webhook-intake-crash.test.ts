// A web process that dies (SIGKILL, a lost machine, a PostgreSQL restart cutting its connection)
// between recording a webhook delivery and queueing its job must lose nothing: Shopify's retry is
// then recorded and queued. With the row committed first and the job queued apart, the retry was
// taken for a duplicate and the delivery was never processed (found by the soak; decision 0221).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookIntake, type Delivery } from "~/ingest/webhook-intake.server";
import type { Queue } from "~/jobs/queue";
import type { PgQueue } from "~/jobs/queue.server";
import type { TestDatabase } from "~tests/support/database";
import { workerTestbed, type WorkerTestbed } from "~tests/support/worker";
import { testDelivery } from "~tests/support/deliveries";

const SHOP = "intake-crash.myshopify.com";

const delivery = (id: string): Delivery => testDelivery(id, { shop: SHOP, topic: "orders/create" });

describe("webhook intake when the process dies mid-delivery", () => {
  let bed: WorkerTestbed;
  let database: TestDatabase;
  let queue: PgQueue;

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await database.pool.query<{ n: string }>(sql, params)).rows[0].n);

  beforeAll(async () => {
    bed = await workerTestbed();
    ({ database, queue } = bed);
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it("accepts and queues Shopify's retry of a delivery whose first attempt died before its job was queued", async () => {
    // The dying web process: its own connections, and it stops for good on reaching the enqueue.
    const doomed = new pg.Pool({ connectionString: database.url, max: 2, application_name: "doomed-web" });
    doomed.on("error", () => undefined);
    let reachedEnqueue!: () => void;
    const reached = new Promise<void>((resolve) => (reachedEnqueue = resolve));
    let die!: (error: Error) => void;
    const dead = new Promise<never>((_resolve, reject) => (die = reject));
    const dying: Queue = {
      enqueue: () => dead,
      enqueueMany: () => {
        reachedEnqueue();
        return dead;
      },
    };
    const first = createWebhookIntake(doomed, dying).submit(delivery("crash-1"));
    first.catch(() => undefined);
    await reached;
    // The process is gone: PostgreSQL ends its sessions, rolling back whatever they had open.
    await database.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed-web'`,
    );

    // Shopify had no answer, so it sends the delivery again, to the other web process.
    const retry = createWebhookIntake(database.pool, queue);
    expect(await retry.submit(delivery("crash-1"))).toBe("recorded");
    expect(
      await count(`SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE payload->>'webhookId' = $1`, [
        "crash-1",
      ]),
    ).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE shop = $1 AND "webhookId" = $2`, [
        SHOP,
        "crash-1",
      ]),
    ).toBe(1);

    die(new Error("killed"));
    await first.catch(() => undefined);
    await doomed.end();
  });
});
