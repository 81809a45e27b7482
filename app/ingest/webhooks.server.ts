// Webhook intake: record the delivery (its id makes a duplicate a no-op), queue the work,
// answer. The route (app/routes/webhooks.tsx) has already checked the HMAC.
import type { AppContext } from "~/context.server";
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

export async function receiveWebhook(ctx: AppContext, input: WebhookInput): Promise<void> {
  const triggeredAt = input.triggeredAt ? new Date(input.triggeredAt) : null;
  // The delivery row commits without waiting for the WAL flush: the job enqueued next does wait,
  // and the WAL is sequential, so a durable job implies a durable delivery row. One flush per
  // webhook instead of two (docs/decisions/0044-webhook-intake.md).
  const inserted = await ctx.db.pool.query(
    `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
     INSERT INTO "WebhookDelivery" ("webhookId", shop, topic, "eventId", "triggeredAt", "receivedAt", status)
     SELECT $1, $2, $3, $4, $5, now(), 'received' FROM async ON CONFLICT ("webhookId") DO NOTHING`,
    [input.webhookId, input.shop, normaliseTopic(input.topic), input.eventId ?? null, triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null],
  );
  if (inserted.rowCount === 0) return;
  const job: WebhookJob = { shop: input.shop, topic: normaliseTopic(input.topic), webhookId: input.webhookId, triggeredAt: input.triggeredAt ?? null, payload: input.payload };
  try {
    await ctx.queue.enqueue(WEBHOOK_TASK, job as unknown as Record<string, unknown>, { maxAttempts: 12 });
  } catch (error) {
    // Not queued: forget the delivery so Shopify's retry is not taken for a duplicate.
    await ctx.db.pool.query(`DELETE FROM "WebhookDelivery" WHERE "webhookId" = $1`, [input.webhookId]).catch(() => undefined);
    throw error;
  }
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
