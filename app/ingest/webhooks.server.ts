// Webhook intake: record the delivery (its id makes a duplicate a no-op), queue the work,
// answer; deliveries arriving together are written together (docs/decisions/0080). The route
// (app/routes/webhooks.tsx) has already checked the HMAC. The body waits on the delivery row, the
// job carries only its id, and the body is cleared once the delivery is processed or ignored.
import type pg from "pg";
import type { AppContext } from "~/runtime/app-context.server";
import { createWebhookIntake, type Outcome, type WebhookIntake } from "~/ingest/webhook-intake.server";
import type { Queue } from "~/jobs/queue";
import { parsePayload, type TaskName, type TaskPayload } from "~/jobs/tasks";
import { handlerFor, normaliseTopic, ALWAYS_HANDLED } from "~/ingest/webhook-handlers.server";
import { deliveryVerdict } from "~/ingest/rules/webhook-guard";

export const WEBHOOK_TASK = "ingest.webhook" satisfies TaskName;

export interface WebhookInput {
  topic: string;
  shop: string;
  webhookId: string;
  eventId?: string | null;
  triggeredAt?: string | null;
  apiVersion?: string | null;
  payload: unknown;
  /** The body as received (JSON text), stored as is; then `payload` matters only to guarded topics (decision 0218). */
  body?: string;
}

export interface WebhookJob {
  shop: string;
  topic: string;
  webhookId: string;
  triggeredAt: string | null;
  payload: unknown;
}

/** What is queued: the job without its body (jobs queued before 0080 still carry it). */
export type QueuedWebhook = TaskPayload<typeof WEBHOOK_TASK>;

// One intake per pool and queue: deliveries arriving together share a commit (webhook-intake).
const intakes = new WeakMap<pg.Pool, WeakMap<Queue, WebhookIntake>>();

function intakeFor(ctx: AppContext): WebhookIntake {
  let byQueue = intakes.get(ctx.db.pool);
  if (!byQueue) intakes.set(ctx.db.pool, (byQueue = new WeakMap()));
  let intake = byQueue.get(ctx.queue);
  if (!intake) byQueue.set(ctx.queue, (intake = createWebhookIntake(ctx.db.pool, ctx.queue)));
  return intake;
}

/** Not recorded: a guarded topic whose body names another shop (400), or a stale one (200). */
export interface Refused {
  refused: true;
  status: 200 | 400;
  reason: string;
}

/** Records the delivery and queues its job; a delivery id seen before is a no-op ("duplicate"). */
export async function receiveWebhook(ctx: AppContext, input: WebhookInput): Promise<Outcome | Refused> {
  const topic = normaliseTopic(input.topic);
  const verdict = deliveryVerdict({
    topic,
    shop: input.shop,
    payload: input.payload,
    triggeredAt: input.triggeredAt ?? null,
    now: ctx.now(),
  });
  if (!verdict.act) {
    ctx.log.warn("webhook refused", { shop: input.shop, topic, webhookId: input.webhookId, reason: verdict.reason });
    return { refused: true, status: verdict.status, reason: verdict.reason };
  }
  const triggered = input.triggeredAt ? new Date(input.triggeredAt) : null;
  const job: QueuedWebhook = {
    shop: input.shop,
    topic,
    webhookId: input.webhookId,
    triggeredAt: input.triggeredAt ?? null,
  };
  return intakeFor(ctx).submit({
    webhookId: input.webhookId,
    shop: input.shop,
    topic,
    eventId: input.eventId ?? null,
    triggeredAt: triggered && !Number.isNaN(triggered.getTime()) ? triggered.toISOString() : null,
    payload: input.body ?? JSON.stringify(input.payload),
    job: { task: WEBHOOK_TASK, payload: job, options: { maxAttempts: 12 } },
  });
}

// A failed delivery keeps its body for the retry; a finished one has no further use for it.
async function mark(
  ctx: AppContext,
  shop: string,
  webhookId: string,
  status: "processed" | "ignored" | "failed",
  error: string | null,
): Promise<void> {
  await ctx.db.pool.query(
    `UPDATE "WebhookDelivery" SET status = $2, error = $3, payload = CASE WHEN $2 = 'failed' THEN payload END WHERE shop = $4 AND "webhookId" = $1`,
    [webhookId, status, error, shop],
  );
}

async function withBody(ctx: AppContext, queued: QueuedWebhook): Promise<WebhookJob | null> {
  if (queued.payload !== undefined) return { ...queued, payload: queued.payload };
  const row = await ctx.db.pool.query<{ payload: string | null }>(
    `SELECT payload FROM "WebhookDelivery" WHERE shop = $2 AND "webhookId" = $1`,
    [queued.webhookId, queued.shop],
  );
  const body = row.rows[0]?.payload;
  return body == null ? null : { ...queued, payload: parsedBody(body) };
}

/** The intake parses only the guarded topics' bodies (decision 0218); a signed non-JSON body is ignored here. */
const NOT_JSON = Symbol("not JSON");
function parsedBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return NOT_JSON;
  }
}

export async function processWebhook(payload: unknown, ctx: AppContext): Promise<void> {
  const queued = parsePayload(WEBHOOK_TASK, payload);
  const job = await withBody(ctx, queued);
  if (!job) {
    // Already processed (a repeated job), or erased by customers/redact or shop/redact since.
    ctx.log.info("webhook body gone; nothing to do", {
      shop: queued.shop,
      topic: queued.topic,
      webhookId: queued.webhookId,
    });
    return;
  }
  if (job.payload === NOT_JSON) return mark(ctx, job.shop, job.webhookId, "ignored", "body is not JSON");
  // Deliveries recorded before the intake checked the body's shop are checked again here.
  const verdict = deliveryVerdict({
    topic: job.topic,
    shop: job.shop,
    payload: job.payload,
    triggeredAt: job.triggeredAt,
    now: null,
  });
  if (!verdict.act) {
    ctx.log.warn("webhook refused", {
      shop: job.shop,
      topic: job.topic,
      webhookId: job.webhookId,
      reason: verdict.reason,
    });
    return mark(ctx, job.shop, job.webhookId, "ignored", verdict.reason);
  }
  const handler = handlerFor(job.topic);
  if (!handler) {
    ctx.log.info("webhook topic not handled", { shop: job.shop, topic: job.topic });
    return mark(ctx, job.shop, job.webhookId, "ignored", `no handler for ${job.topic}`);
  }
  if (!ALWAYS_HANDLED.has(job.topic)) {
    const shop = await ctx.db.prisma.shop.findUnique({ where: { domain: job.shop } });
    if (shop?.uninstalledAt) return mark(ctx, job.shop, job.webhookId, "ignored", "shop uninstalled");
  }
  try {
    await handler(ctx, job);
    await mark(ctx, job.shop, job.webhookId, "processed", null);
    // One line per completed processing: the soak counts them per delivery (exactly once).
    ctx.log.debug("webhook processed", { shop: job.shop, topic: job.topic, webhookId: job.webhookId });
  } catch (error) {
    await mark(ctx, job.shop, job.webhookId, "failed", error instanceof Error ? error.message : String(error));
    throw error;
  }
}
