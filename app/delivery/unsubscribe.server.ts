// An unsubscribe from an email (decision 0173): recorded once per message, effective at once in
// Rapport (the customer's email consent becomes UNSUBSCRIBED, so the outbox's send-time check stops
// every further email), and written back to Shopify by a queued, retried job.
import type { AppContext } from "~/runtime/app-context.server";
import { verifyUnsubscribeToken } from "./unsubscribe-token.server";

export type UnsubscribeContext = Pick<AppContext, "db" | "queue" | "now" | "log"> & { appSecret: string };

export interface UnsubscribeTarget {
  messageId: string;
  shop: string;
  shopName: string;
}

export type Lookup = { ok: true; target: UnsubscribeTarget } | { ok: false; status: 400; error: string };

/** Verifies the token and finds its message; `shop` (from a verified app proxy request) must own it. */
export async function lookupUnsubscribe(ctx: UnsubscribeContext, token: string, shop?: string): Promise<Lookup> {
  const verified = verifyUnsubscribeToken(ctx.appSecret, token);
  if (!verified.ok)
    return { ok: false, status: 400, error: `This unsubscribe link is not valid (${verified.reason}).` };
  const { rows } = await ctx.db.pool.query<{ shop: string; name: string | null }>(
    `SELECT m.shop, s.name FROM "Message" m LEFT JOIN "Shop" s ON s.domain = m.shop WHERE m.id = $1`,
    [verified.messageId],
  );
  const row = rows[0];
  if (!row) return { ok: false, status: 400, error: "This unsubscribe link is no longer valid." };
  if (shop !== undefined && row.shop !== shop)
    return { ok: false, status: 400, error: "This link belongs to another store." };
  return { ok: true, target: { messageId: verified.messageId, shop: row.shop, shopName: row.name || row.shop } };
}

export type UnsubscribeResult = Lookup & { recorded?: boolean };

export async function unsubscribe(
  ctx: UnsubscribeContext,
  input: { token: string; shop?: string; source: "link" | "one_click" },
): Promise<UnsubscribeResult> {
  const found = await lookupUnsubscribe(ctx, input.token, input.shop);
  if (!found.ok) return found;
  const now = ctx.now();
  // One statement: the row (once per message), the consent, in one commit.
  const { rows } = await ctx.db.pool.query<{ id: string | null }>(
    `WITH msg AS (SELECT id, shop, "campaignId", "customerId" FROM "Message" WHERE shop = $4 AND id = $1),
     ins AS (
       INSERT INTO "Unsubscribe" (id, shop, "customerId", "messageId", "campaignId", source, "createdAt")
       SELECT 'u' || md5(random()::text || clock_timestamp()::text), shop, "customerId", id, "campaignId", $2, $3 FROM msg
       ON CONFLICT (shop, "messageId") DO NOTHING RETURNING id),
     consent AS (
       UPDATE "Customer" c SET "emailMarketing" = 'UNSUBSCRIBED', "emailConsentAt" = $3
         FROM msg WHERE c.shop = msg.shop AND c.id = msg."customerId" AND c."emailMarketing" <> 'UNSUBSCRIBED' RETURNING 1)
     SELECT (SELECT id FROM ins) AS id, (SELECT count(*) FROM consent) AS changed`,
    [found.target.messageId, input.source, now, found.target.shop],
  );
  const id = rows[0]?.id ?? null;
  if (id) {
    await ctx.queue.enqueue(
      "delivery.consentWriteBack",
      { shop: found.target.shop, unsubscribeId: id },
      { jobKey: `delivery.consentWriteBack:${id}`, maxAttempts: 12 },
    );
    ctx.log.info("delivery.unsubscribe", {
      shop: found.target.shop,
      messageId: found.target.messageId,
      source: input.source,
    });
  }
  return { ...found, recorded: id !== null };
}
