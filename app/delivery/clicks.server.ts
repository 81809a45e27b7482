// The click redirect behind the app proxy route /proxy/r/:token (storefront /apps/rapport/r/:token).
import type { AppContext } from "~/runtime/app-context.server";
import { verifyClickToken } from "./click-token.server";
import { classifyClick, type MachineReason } from "./rules/link-scanners";
import { utmFor, withUtm } from "~/marketing/rules/activity";

export type ClickContext = Pick<AppContext, "db" | "now" | "log"> & { appSecret: string };

export type ClickResult =
  { status: 302; redirectTo: string; counted: boolean; machine?: MachineReason } | { status: 400; error: string };

export interface ClickInput {
  token: string;
  /** The shop of the verified app proxy request, when there is one: must be the message's shop. */
  shop?: string;
  /** The request's method and User-Agent (null when absent), to tell machine clicks (decision 0176). */
  method: string;
  userAgent: string | null;
}

interface MessageRow {
  shop: string;
  campaignId: string;
  customerId: string;
  status: string;
  channel: string;
  deliveredAt: Date | null;
}

/**
 * Verifies the token, records the click and says where to redirect. A bad signature is a 400 and
 * nothing is recorded. A human click is counted once per message (MessageClick); a machine click
 * (link scanner, HEAD, seconds after delivery) is recorded in MachineClick with its reason and
 * counted nowhere. Both are redirected, so the customer's mail client keeps working.
 */
export async function handleClick(ctx: ClickContext, input: ClickInput): Promise<ClickResult> {
  const verified = verifyClickToken(ctx.appSecret, input.token);
  if (!verified.ok) {
    ctx.log.info("results.click rejected", { reason: verified.reason, shop: input.shop });
    return { status: 400, error: `This link is not valid (${verified.reason}).` };
  }
  // When the send is not recorded yet ("sending": the customer, or a gateway, can click before the
  // worker records it), the hand-over start stands in for the delivery time.
  const found = await ctx.db.pool.query<MessageRow>(
    `SELECT m.shop, m."campaignId", m."customerId"::text AS "customerId", m.status,
            COALESCE(m.channel, c.channel, 'flow') AS channel,
            COALESCE(m."sentAt", m."callStartedAt", m."claimedAt") AS "deliveredAt"
       FROM "Message" m LEFT JOIN "Campaign" c ON c.shop = m.shop AND c.id = m."campaignId"
      WHERE m.id = $1`,
    [verified.messageId],
  );
  const message = found.rows[0];
  if (input.shop !== undefined && message && message.shop !== input.shop) {
    return { status: 400, error: "This link belongs to another store." };
  }
  // The destination carries the campaign's UTM parameters, so Shopify attributes the visit to the
  // campaign's marketing activity (decision 0175); machine clicks get the same redirect.
  const redirect = {
    status: 302 as const,
    redirectTo: message
      ? withUtm(verified.destination, utmFor({ id: message.campaignId, channel: message.channel }))
      : verified.destination,
  };
  // Holdout and failed messages were never delivered, so a click on them is not counted.
  if (!message || (message.status !== "sending" && message.status !== "sent")) return { ...redirect, counted: false };
  const now = ctx.now();
  // Timestamps are stored as UTC wall time (timestamp(3)); an ISO string keeps them UTC whatever the process zone.
  const at = now.toISOString();
  const verdict = classifyClick({
    method: input.method,
    userAgent: input.userAgent,
    clickedAt: now,
    deliveredAt: message.deliveredAt,
  });
  if (verdict.machine) {
    await ctx.db.pool.query(
      `INSERT INTO "MachineClick" ("messageId", reason, shop, "campaignId", "customerId", detail, "firstAt", "lastAt")
       VALUES ($1, $2, $3, $4, $5::bigint, $6, $7, $7)
       ON CONFLICT (shop, "messageId", reason) DO UPDATE SET count = "MachineClick".count + 1, "lastAt" = EXCLUDED."lastAt"`,
      [verified.messageId, verdict.reason, message.shop, message.campaignId, message.customerId, verdict.detail, at],
    );
    ctx.log.info("results.click machine", { shop: message.shop, reason: verdict.reason });
    return { ...redirect, counted: false, machine: verdict.reason };
  }
  const inserted = await ctx.db.pool.query(
    `INSERT INTO "MessageClick" ("messageId", shop, "campaignId", "customerId", "clickedAt")
     VALUES ($1, $2, $3, $4::bigint, $5) ON CONFLICT (shop, "messageId") DO NOTHING`,
    [verified.messageId, message.shop, message.campaignId, message.customerId, at],
  );
  return { ...redirect, counted: (inserted.rowCount ?? 0) > 0 };
}
