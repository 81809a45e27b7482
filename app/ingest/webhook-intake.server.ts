// Group commit for webhook deliveries (docs/decisions/0080-webhook-group-commit.md). While one
// batch is being written, arriving deliveries wait and then go together: one COPY for their
// delivery rows (bodies included) and one enqueue for their jobs, so a burst costs one WAL flush
// per batch instead of one per request. A lone delivery is written at once (no timer).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { copyLines } from "~/ingest/copy-text";
import { enqueueAll, type JobSpec, type Queue } from "~/jobs/queue";

export interface Delivery {
  webhookId: string;
  shop: string;
  topic: string;
  eventId: string | null;
  /** ISO 8601 instant, or null when absent or unreadable. */
  triggeredAt: string | null;
  /** The body as JSON text, kept with the delivery until it is processed. */
  payload: string;
  /** The job to queue when this delivery is new (it reads the body from the delivery row). */
  job: JobSpec;
}

export type Outcome = "recorded" | "duplicate";

interface Waiting {
  delivery: Delivery;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

export interface WebhookIntake {
  submit(delivery: Delivery): Promise<Outcome>;
}

const COLUMNS = [["webhookId", "text"], ["shop", "text"], ["topic", "text"], ["eventId", "text"], ["triggeredAt", "text"], ["payload", "text"]] as const;

// Bodies go by COPY (parsing them as JSON or array literals in SQL cost ~0.5 ms each) into a temp
// table, then one INSERT … ON CONFLICT keeps only unseen ids. The rows commit without waiting for
// the WAL flush: the enqueue that follows does wait, and the WAL is sequential, so durable jobs
// imply durable delivery rows (0044).
async function insertNew(pool: pg.Pool, deliveries: readonly Delivery[]): Promise<Set<string>> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; SET LOCAL synchronous_commit = off;
      CREATE TEMP TABLE IF NOT EXISTS _webhook_in ("webhookId" text, shop text, topic text, "eventId" text, "triggeredAt" timestamp(3), payload text) ON COMMIT DELETE ROWS`);
    await pipeline(Readable.from([copyLines(deliveries, COLUMNS)]), client.query(copyFrom(`COPY _webhook_in FROM STDIN`)));
    const inserted = await client.query<{ webhookId: string }>(
      `INSERT INTO "WebhookDelivery" ("webhookId", shop, topic, "eventId", "triggeredAt", payload, "receivedAt", status)
       SELECT "webhookId", shop, topic, "eventId", "triggeredAt", payload, now(), 'received' FROM _webhook_in
       ON CONFLICT ("webhookId") DO NOTHING RETURNING "webhookId"`,
    );
    await client.query("COMMIT");
    return new Set(inserted.rows.map((r) => r.webhookId));
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function record(pool: pg.Pool, queue: Queue, deliveries: readonly Delivery[]): Promise<Set<string>> {
  const fresh = await insertNew(pool, deliveries);
  // One job per new delivery, even if the same id came twice in this batch.
  const jobs = new Map<string, JobSpec>();
  for (const d of deliveries) if (fresh.has(d.webhookId) && !jobs.has(d.webhookId)) jobs.set(d.webhookId, d.job);
  try {
    await enqueueAll(queue, [...jobs.values()]);
  } catch (error) {
    // Not queued: forget the deliveries so Shopify's retries are not taken for duplicates.
    await pool.query(`DELETE FROM "WebhookDelivery" WHERE "webhookId" = ANY($1::text[])`, [[...fresh]]).catch(() => undefined);
    throw error;
  }
  return fresh;
}

export function createWebhookIntake(pool: pg.Pool, queue: Queue, options: { maxBatch?: number } = {}): WebhookIntake {
  const maxBatch = options.maxBatch ?? 500;
  let waiting: Waiting[] = [];
  let draining = false;

  const settle = (batch: Waiting[], fresh: Set<string>) => {
    for (const w of batch) w.resolve(fresh.has(w.delivery.webhookId) ? "recorded" : "duplicate");
  };

  const commit = async (batch: Waiting[]): Promise<void> => {
    try {
      settle(batch, await record(pool, queue, batch.map((w) => w.delivery)));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One bad delivery must not fail the others: retry each alone.
      for (const w of batch) {
        await record(pool, queue, [w.delivery]).then(
          (fresh) => settle([w], fresh),
          (e: unknown) => w.reject(e),
        );
      }
    }
  };

  const drain = async (): Promise<void> => {
    draining = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      await commit(batch);
    }
    draining = false;
  };

  return {
    submit: (delivery) =>
      new Promise<Outcome>((resolve, reject) => {
        waiting.push({ delivery, resolve, reject });
        if (!draining) void drain();
      }),
  };
}
