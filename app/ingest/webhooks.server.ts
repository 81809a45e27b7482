// Webhook intake: record the delivery (its id makes a duplicate a no-op), queue the work,
// answer; deliveries arriving together are written together (docs/decisions/0080). The route (app/routes/webhooks.tsx) has already checked the HMAC.
import type pg from "pg";
import type { AppContext } from "~/context.server";
import { createWebhookIntake, type Outcome, type WebhookIntake } from "~/ingest/webhook-intake.server";
import type { Queue } from "~/jobs/queue";
import { handlerFor, normaliseTopic, ALWAYS_HANDLED } from "~/ingest/webhook-handlers.server";

export const WEBHOOK_TASK = "ingest.webhook";

export interface WebhookInput {
  topic: string;
  shop: string;
  webhookId: string;
  eventId?: string | null;
  triggeredAt?: string | null;
  apiVersion?: string | null;
  payload: unknown;
}

export interface WebhookJob {
  shop: string;
  topic: string;
  webhookId: string;
  triggeredAt: string | null;
  payload: unknown;
}

// One intake per pool and queue: deliveries arriving together share a commit (webhook-intake).
const intakes = new WeakMap<pg.Pool, WeakMap<Queue, WebhookIntake>>();

function intakeFor(ctx: AppContext): WebhookIntake {
  let byQueue = intakes.get(ctx.db.pool);
  if (!byQueue) intakes.set(ctx.db.pool, (byQueue = new WeakMap()));
  let intake = byQueue.get(ctx.queue);
  if (!intake) byQueue.set(ctx.queue, (intake = createWebhookIntake(ctx.db.pool, ctx.queue)));
  return intake;
}

/** Records the delivery and queues its job; a delivery id seen before is a no-op ("duplicate"). */
export async function receiveWebhook(ctx: AppContext, input: WebhookInput): Promise<Outcome> {
  const topic = normaliseTopic(input.topic);
  const triggered = input.triggeredAt ? new Date(input.triggeredAt) : null;
  const job: WebhookJob = { shop: input.shop, topic, webhookId: input.webhookId, triggeredAt: input.triggeredAt ?? null, payload: input.payload };
  return intakeFor(ctx).submit({
    webhookId: input.webhookId,
    shop: input.shop,
    topic,
    eventId: input.eventId ?? null,
    triggeredAt: triggered && !Number.isNaN(triggered.getTime()) ? triggered.toISOString() : null,
    job: { task: WEBHOOK_TASK, payload: job as unknown as Record<string, unknown>, options: { maxAttempts: 12 } },
  });
}

async function mark(ctx: AppContext, webhookId: string, status: string, error: string | null): Promise<void> {
  await ctx.db.pool.query(`UPDATE "WebhookDelivery" SET status = $2, error = $3 WHERE "webhookId" = $1`, [webhookId, status, error]);
}

export async function processWebhook(payload: unknown, ctx: AppContext): Promise<void> {
  const job = payload as WebhookJob;
  const handler = handlerFor(job.topic);
  if (!handler) {
    ctx.log.info("webhook topic not handled", { shop: job.shop, topic: job.topic });
    return mark(ctx, job.webhookId, "ignored", `no handler for ${job.topic}`);
  }
  if (!ALWAYS_HANDLED.has(job.topic)) {
    const shop = await ctx.db.prisma.shop.findUnique({ where: { domain: job.shop } });
    if (shop?.uninstalledAt) return mark(ctx, job.webhookId, "ignored", "shop uninstalled");
  }
  try {
    await handler(ctx, job);
    await mark(ctx, job.webhookId, "processed", null);
  } catch (error) {
    await mark(ctx, job.webhookId, "failed", error instanceof Error ? error.message : String(error));
    throw error;
  }
}
