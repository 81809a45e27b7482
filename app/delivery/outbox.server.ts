// The outbox worker: claims due messages, fires the Flow trigger for each, records the outcome.
// Delivery states and the crash rules are in docs/decisions/0050-outbox-delivery.md:
//   pending --claim--> sending --(callStartedAt committed)--> Flow call --> sent | failed | pending (retry)
// A 'sending' row whose lease expired is put back to pending only if the call provably never
// started (callStartedAt null); otherwise its outcome is unknown and it is failed, never resent.
import type { AppContext } from "~/runtime/app-context.server";
import { emailConsent } from "~/delivery/rules/guardrails";
import { AdminApiError } from "~/shopify/admin";
import { fireFlowTrigger } from "./flow.server";
import { emailDepsFromProcess, sendEmailMessage, shopSendingCache, type EmailDeps } from "./email-channel.server";

export interface OutboxOptions {
  shop?: string;
  batchSize?: number;
  /** Flow calls in flight at once; the Admin client paces them against the rate limit. */
  concurrency?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** Stops claiming and starting calls (tests simulate a crash with it). */
  signal?: AbortSignal;
  /** Stop after this many batches (default: until nothing is due). */
  maxBatches?: number;
  /** Rewrites the call-to-action URL per message (click tracking, decision 0062). */
  ctaLink?: (m: { id: string; shop: string; ctaUrl: string }) => string;
  /** The email channel's sender, pace and link signing (default: from the process env). */
  email?: EmailDeps;
}

export interface OutboxResult {
  sent: number;
  failed: number;
  retried: number;
  suppressed: number;
  reclaimed: number;
  unknown: number;
}

interface Claimed {
  id: string;
  shop: string;
  customerId: string;
  subject: string;
  body: string;
  ctaUrl: string;
  attempts: number;
  claimedAt: Date;
  campaignName: string;
  pillar: string;
  channel: string;
  ctaLabel: string;
  emailMarketing: string | null;
  email: string | null;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const THROTTLE_RETRY_MS = 2_000;

export function retryDelayMs(attempt: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

export async function reconcileStale(
  ctx: AppContext,
  leaseMs = DEFAULT_LEASE_MS,
  shop?: string,
): Promise<{ reclaimed: number; unknown: number }> {
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - leaseMs);
  const scope = shop ? `AND shop = $3` : "";
  const args = shop ? [cutoff, now, shop] : [cutoff, now];
  const reclaimed = await ctx.db.pool.query(
    `UPDATE "Message" SET status = 'pending', "claimedAt" = NULL, "updatedAt" = $2
      WHERE status = 'sending' AND "claimedAt" < $1 AND "callStartedAt" IS NULL ${scope}`,
    args,
  );
  const unknown = await ctx.db.pool.query(
    `UPDATE "Message" SET status = 'failed', "updatedAt" = $2,
            "lastError" = 'outcome unknown: the worker stopped during the Flow call; not resent to avoid a duplicate'
      WHERE status = 'sending' AND "claimedAt" < $1 AND "callStartedAt" IS NOT NULL ${scope}`,
    args,
  );
  return { reclaimed: reclaimed.rowCount ?? 0, unknown: unknown.rowCount ?? 0 };
}

async function claim(ctx: AppContext, limit: number, shop?: string): Promise<Claimed[]> {
  const now = ctx.now();
  const { rows } = await ctx.db.pool.query<Omit<Claimed, "emailMarketing" | "email">>(
    `WITH due AS (
       SELECT m.shop, m.id FROM "Message" m JOIN "Campaign" c ON c.shop = m.shop AND c.id = m."campaignId" AND c.status = 'active'
        WHERE m.status = 'pending' AND m."scheduledFor" <= $1 AND ($3::text IS NULL OR m.shop = $3)
        ORDER BY m."scheduledFor" LIMIT $2 FOR UPDATE OF m SKIP LOCKED)
     UPDATE "Message" m SET status = 'sending', "claimedAt" = $1, "callStartedAt" = NULL, attempts = m.attempts + 1, "updatedAt" = $1
       FROM due, "Campaign" c
      WHERE m.shop = due.shop AND m.id = due.id AND c.shop = m.shop AND c.id = m."campaignId"
     RETURNING m.id, m.shop, m."customerId"::text AS "customerId", m.subject, m.body, m."ctaUrl", m.attempts, m."claimedAt",
               c.name AS "campaignName", c.pillar, c.channel, c."ctaLabel"`,
    [now, limit, shop ?? null],
  );
  if (rows.length === 0) return [];
  // Consent as it is now; a customer missing here was deleted or redacted and is not sendable.
  const consent = await ctx.db.pool.query<{ shop: string; id: string; emailMarketing: string; email: string | null }>(
    `SELECT c.shop, c.id::text AS id, c."emailMarketing", c.email FROM "Customer" c
       JOIN unnest($1::text[], $2::int8[]) AS k(shop, id) ON c.shop = k.shop AND c.id = k.id WHERE c."redactedAt" IS NULL AND c."deletedAt" IS NULL`,
    [rows.map((r) => r.shop), rows.map((r) => r.customerId)],
  );
  const byKey = new Map(consent.rows.map((c) => [`${c.shop}|${c.id}`, c]));
  return rows.map((r) => {
    const c = byKey.get(`${r.shop}|${r.customerId}`);
    return { ...r, emailMarketing: c?.emailMarketing ?? null, email: c?.email ?? null };
  });
}

async function finish(ctx: AppContext, m: Claimed, set: string, values: unknown[]): Promise<boolean> {
  // Fenced by the claim time: a row reclaimed by someone else is not overwritten.
  const result = await ctx.db.pool.query(
    `UPDATE "Message" SET ${set}, "updatedAt" = $3 WHERE shop = $${values.length + 4} AND id = $1 AND status = 'sending' AND "claimedAt" = $2`,
    [m.id, m.claimedAt, ctx.now(), ...values, m.shop],
  );
  return (result.rowCount ?? 0) === 1;
}

async function sendOne(ctx: AppContext, m: Claimed, options: Drain, result: OutboxResult): Promise<void> {
  const { maxAttempts, signal } = options;
  // Consent may have changed since the message was scheduled (e.g. an unsubscribe while deferred).
  const consent = emailConsent(m.emailMarketing, m.email);
  if (!consent.ok) {
    if (await finish(ctx, m, `status = 'suppressed', reason = $4`, [`${consent.reason} at send time`]))
      result.suppressed++;
    return;
  }
  if (signal?.aborted) return; // crash before the call: the lease expires and the row is reclaimed
  if (m.channel === "email") return sendEmail(ctx, m, options, result);
  if (!(await finish(ctx, m, `"callStartedAt" = $3, channel = $4`, [m.channel]))) return;
  try {
    const admin = await ctx.admin(m.shop);
    await fireFlowTrigger(admin, { ...m, ctaUrl: options.ctaLink && m.ctaUrl ? options.ctaLink(m) : m.ctaUrl });
    if (await finish(ctx, m, `status = 'sent', "sentAt" = $3, "lastError" = NULL`, [])) result.sent++;
  } catch (error) {
    const apiError = error instanceof AdminApiError ? error : null;
    const message = error instanceof Error ? error.message : String(error);
    if (apiError?.kind === "throttled") {
      // Throttled requests were not executed and say nothing about the message: retry soon,
      // without using up an attempt (the bucket refills within seconds).
      const retryAt = new Date(ctx.now().getTime() + THROTTLE_RETRY_MS);
      if (
        await finish(
          ctx,
          m,
          `status = 'pending', attempts = attempts - 1, "claimedAt" = NULL, "callStartedAt" = NULL, "scheduledFor" = $4, "lastError" = $5`,
          [retryAt, `throttled: ${message}`],
        )
      )
        result.retried++;
      return;
    }
    if (apiError?.kind === "timeout") {
      // Shopify may have received the trigger and sent the message; sending again could
      // duplicate it, so the message is kept as failed with an honest reason (at most once).
      const reason = `outcome unknown: ${message}; it may have been delivered, so it is not sent again`;
      if (await finish(ctx, m, `status = 'failed', "lastError" = $4`, [reason])) result.failed++;
      ctx.log.info("campaigns.send failed", { messageId: m.id, shop: m.shop, reason });
      return;
    }
    if (apiError?.retryable && m.attempts < maxAttempts) {
      const retryAt = new Date(ctx.now().getTime() + retryDelayMs(m.attempts));
      if (
        await finish(
          ctx,
          m,
          `status = 'pending', "claimedAt" = NULL, "callStartedAt" = NULL, "scheduledFor" = $4, "lastError" = $5`,
          [retryAt, `${apiError.kind}: ${message}`],
        )
      )
        result.retried++;
      return;
    }
    const reason = apiError?.retryable
      ? `gave up after ${m.attempts} attempts: ${apiError.kind}: ${message}`
      : `${apiError?.kind ?? "error"}: ${message}`;
    if (await finish(ctx, m, `status = 'failed', "lastError" = $4`, [reason])) result.failed++;
    ctx.log.info("campaigns.send failed", { messageId: m.id, shop: m.shop, reason });
  }
}

type Drain = OutboxOptions & {
  maxAttempts: number;
  emailDeps: () => EmailDeps;
  prepared: ReturnType<typeof shopSendingCache>;
};

async function sendEmail(ctx: AppContext, m: Claimed, options: Drain, result: OutboxResult): Promise<void> {
  const deps = options.emailDeps();
  const outcome = await sendEmailMessage(
    { ...m, email: m.email ?? "" },
    deps,
    await options.prepared(m.shop),
    (providerMessageId) =>
      finish(ctx, m, `"callStartedAt" = $3, channel = 'email', "providerMessageId" = $4`, [providerMessageId]),
    options.ctaLink ?? ((x) => x.ctaUrl),
  );
  switch (outcome.kind) {
    case "lost_claim":
      return;
    case "sent":
      if (
        await finish(ctx, m, `status = 'sent', "sentAt" = $3, "lastError" = NULL, "providerMessageId" = $4`, [
          outcome.providerMessageId,
        ])
      )
        result.sent++;
      return;
    case "transient":
      if (m.attempts < options.maxAttempts) {
        // Nothing reached the server (or it refused with 4xx): the message is sent later, once.
        const retryAt = new Date(ctx.now().getTime() + retryDelayMs(m.attempts));
        if (
          await finish(
            ctx,
            m,
            `status = 'pending', "claimedAt" = NULL, "callStartedAt" = NULL, "scheduledFor" = $4, "lastError" = $5`,
            [retryAt, outcome.reason],
          )
        )
          result.retried++;
        return;
      }
      return failEmail(ctx, m, `gave up after ${m.attempts} attempts: ${outcome.reason}`, result);
    case "permanent":
      return failEmail(ctx, m, outcome.reason, result);
    case "unknown":
      return failEmail(
        ctx,
        m,
        `outcome unknown: ${outcome.reason}; it may have been delivered, so it is not sent again`,
        result,
      );
  }
}

async function failEmail(ctx: AppContext, m: Claimed, reason: string, result: OutboxResult): Promise<void> {
  if (await finish(ctx, m, `status = 'failed', "lastError" = $4`, [reason])) result.failed++;
  ctx.log.info("campaigns.send failed", { messageId: m.id, shop: m.shop, reason });
}

/** Sends every due message (optionally of one shop) until none is left or the signal aborts. */
export async function drainOutbox(ctx: AppContext, options: OutboxOptions = {}): Promise<OutboxResult> {
  const { batchSize = 100, concurrency = 8, leaseMs = DEFAULT_LEASE_MS, maxAttempts = 8, signal, shop } = options;
  const result: OutboxResult = { sent: 0, failed: 0, retried: 0, suppressed: 0, reclaimed: 0, unknown: 0 };
  const stale = await reconcileStale(ctx, leaseMs, shop);
  result.reclaimed = stale.reclaimed;
  result.unknown = stale.unknown;
  let deps = options.email;
  const emailDeps = () => (deps ??= emailDepsFromProcess(ctx, signal));
  const drain: Drain = { ...options, maxAttempts, emailDeps, prepared: shopSendingCache(ctx, () => emailDeps().mail) };
  for (let batch = 0; batch < (options.maxBatches ?? Infinity) && !signal?.aborted; batch++) {
    const claimed = await claim(ctx, batchSize, shop);
    if (claimed.length === 0) break;
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) await sendOne(ctx, claimed[next++], drain, result);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
  }
  return result;
}
