// Group commit for webhook deliveries (docs/decisions/0080-webhook-group-commit.md). While
// batches are being written (two at a time), arriving deliveries wait and then go together: one INSERT for their
// delivery rows (bodies included) and one enqueue for their jobs, so a burst costs one WAL flush
// per batch instead of one per request. A lone delivery is written at once (no timer). Rows and
// jobs commit together (decision 0221), in one statement with graphile-worker's add_jobs (0229).
import type pg from "pg";
import { enqueueAll, type JobSpec, type JobsInSql, type Queue } from "~/jobs/queue";

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

/** The backlog is full: answer 503 so Shopify retries later, rather than queue without bound. */
export class IntakeFull extends Error {
  constructor() {
    super("webhook intake backlog full");
  }
}

export interface WebhookIntake {
  submit(delivery: Delivery): Promise<Outcome>;
}

// One multi-row INSERT with each value as its own parameter: bodies reach PostgreSQL as plain
// text, unparsed (as JSON, array literals or through a temp table they cost far more per batch).
// Rows go in key order: two batches that share deliveries then wait on each other, never deadlock.
function insertSql(deliveries: readonly Delivery[]): { sql: string; values: (string | null)[]; ordered: Delivery[] } {
  const values: (string | null)[] = [];
  const ordered = [...deliveries].sort((a, b) => (deliveryKey(a) < deliveryKey(b) ? -1 : 1));
  const rows = ordered.map((d, i) => {
    values.push(d.webhookId, d.shop, d.topic, d.eventId, d.triggeredAt, d.payload);
    const p = i * 6;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}::timestamp(3), $${p + 6})`;
  });
  const sql = `INSERT INTO "WebhookDelivery" ("webhookId", shop, topic, "eventId", "triggeredAt", payload, "receivedAt", status)
     SELECT d.*, now(), 'received' FROM (VALUES ${rows.join(", ")}) AS d
     ON CONFLICT (shop, "webhookId") DO NOTHING RETURNING shop, "webhookId"`;
  return { sql, values, ordered };
}

async function insertNew(client: pg.ClientBase, deliveries: readonly Delivery[]): Promise<Set<string>> {
  const { sql, values } = insertSql(deliveries);
  const inserted = await client.query<{ shop: string; webhookId: string }>(sql, values);
  return new Set(inserted.rows.map((r) => deliveryKey(r)));
}

/** A delivery is its shop's: the same webhook id under two shops is two deliveries (decision 0206). */
const deliveryKey = (d: { shop: string; webhookId: string }) => `${d.shop} ${d.webhookId}`;

// The delivery rows and their jobs commit together, in one transaction (one WAL flush), or not at
// all (decision 0221). Written apart, a web process killed, or a database restarting, between the
// two left a row with no job: Shopify's retry was then taken for a duplicate and never processed.
// A retry arriving while the first attempt's transaction is open waits on the row's unique key.
async function record(pool: pg.Pool, queue: Queue, deliveries: readonly Delivery[]): Promise<Set<string>> {
  const client = await pool.connect();
  // A checked-out client has no error listener: a connection the server drops between statements
  // would otherwise throw out of the process. The statement in flight fails on its own.
  const ignore = () => undefined;
  client.on("error", ignore);
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const fresh = await insertNew(client, deliveries);
    // One job per new delivery, even if the same id came twice in this batch.
    const jobs = new Map<string, JobSpec>();
    for (const d of deliveries)
      if (fresh.has(deliveryKey(d)) && !jobs.has(deliveryKey(d))) jobs.set(deliveryKey(d), d.job);
    await enqueueAll(queue, [...jobs.values()], client);
    await client.query("COMMIT");
    return fresh;
  } catch (error) {
    await client.query("ROLLBACK").catch((e: unknown) => (broken = e instanceof Error ? e : new Error(String(e))));
    throw error;
  } finally {
    client.removeListener("error", ignore);
    client.release(broken);
  }
}

// One statement (decision 0229): the INSERT, and graphile-worker's add_jobs for exactly the rows
// it inserted, each with its own delivery's job. A statement commits whole or not at all, so
// 0221's guarantee holds without BEGIN and COMMIT: one round trip and one WAL flush per batch, no
// transaction left open between round trips while the other lane waits on its rows.
async function recordInOneStatement(pool: pg.Pool, jobs: JobsInSql, deliveries: readonly Delivery[]) {
  // One job per new delivery, even if the same id came twice in this batch.
  const unique = new Map<string, Delivery>();
  for (const d of deliveries) if (!unique.has(deliveryKey(d))) unique.set(deliveryKey(d), d);
  const { sql, values, ordered } = insertSql([...unique.values()]);
  values.push(JSON.stringify(ordered.map((d) => ({ shop: d.shop, webhookId: d.webhookId, spec: jobs.spec(d.job) }))));
  const specs = `SELECT j.value -> 'spec' FROM json_array_elements($${values.length}::json) AS j
     JOIN inserted ON inserted.shop = j.value ->> 'shop' AND inserted."webhookId" = j.value ->> 'webhookId'`;
  // "queued" is read only when a row was inserted: a batch of duplicates queues nothing.
  const inserted = await pool.query<{ shop: string; webhookId: string }>(
    `WITH inserted AS (${sql}), queued AS (${jobs.addJobs(specs)})
     SELECT shop, "webhookId", (SELECT n FROM queued) AS queued FROM inserted`,
    values,
  );
  return new Set(inserted.rows.map((r) => deliveryKey(r)));
}

export interface IntakeOptions {
  /** Most deliveries in one batch. */
  maxBatch?: number;
  /** Batches written at once: while one waits for its WAL flush, the next can be inserting. */
  lanes?: number;
  /** Most deliveries accepted and not yet written (0106). */
  maxPending?: number;
  /** Most body text (JSON characters, about bytes) accepted and not yet written. */
  maxPendingBytes?: number;
}

export function createWebhookIntake(pool: pg.Pool, queue: Queue, options: IntakeOptions = {}): WebhookIntake {
  const maxBatch = options.maxBatch ?? 500;
  const lanes = options.lanes ?? 2;
  const maxPending = options.maxPending ?? 10_000;
  const maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
  let waiting: Waiting[] = [];
  let busy = 0;
  let pending = 0;
  let pendingBytes = 0;

  const settle = (batch: Waiting[], fresh: Set<string>) => {
    for (const w of batch) w.resolve(fresh.has(deliveryKey(w.delivery)) ? "recorded" : "duplicate");
  };

  // A queue in PostgreSQL takes its jobs inside the INSERT's statement; others (test fakes) after it.
  const inSql = queue.inSql;
  const write = (deliveries: readonly Delivery[]) =>
    inSql ? recordInOneStatement(pool, inSql, deliveries) : record(pool, queue, deliveries);

  const commit = async (batch: Waiting[]): Promise<void> => {
    try {
      settle(batch, await write(batch.map((w) => w.delivery)));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One bad delivery must not fail the others: retry each alone.
      for (const w of batch) {
        await write([w.delivery]).then(
          (fresh) => settle([w], fresh),
          (e: unknown) => w.reject(e),
        );
      }
    }
  };

  const lane = async (): Promise<void> => {
    busy++;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      await commit(batch);
    }
    busy--;
  };

  return {
    submit: (delivery) => {
      const size = delivery.payload.length;
      // A lone delivery is always taken, however large (it is under the request body limit).
      if (pending > 0 && (pending >= maxPending || pendingBytes + size > maxPendingBytes))
        return Promise.reject(new IntakeFull());
      pending++;
      pendingBytes += size;
      const done = () => {
        pending--;
        pendingBytes -= size;
      };
      return new Promise<Outcome>((resolve, reject) => {
        waiting.push({ delivery, resolve, reject });
        if (busy < lanes) void lane();
      }).finally(done);
    },
  };
}
