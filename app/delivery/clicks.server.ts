// The click redirect behind the app proxy route /proxy/r/:token (storefront /apps/rapport/r/:token).
import type { AppContext } from "~/runtime/app-context.server";
import { verifyClickToken } from "./click-token.server";

export type ClickContext = Pick<AppContext, "db" | "now" | "log"> & { appSecret: string };

export type ClickResult = { status: 302; redirectTo: string; counted: boolean } | { status: 400; error: string };

/**
 * Verifies the token, records the click once per message and says where to redirect. A bad
 * signature is a 400 and nothing is recorded. `shop` (from the verified app proxy request), when
 * given, must be the message's shop.
 */
export async function handleClick(ctx: ClickContext, input: { token: string; shop?: string }): Promise<ClickResult> {
  const verified = verifyClickToken(ctx.appSecret, input.token);
  if (!verified.ok) {
    ctx.log.info("results.click rejected", { reason: verified.reason, shop: input.shop });
    return { status: 400, error: `This link is not valid (${verified.reason}).` };
  }
  // One round trip: read the message's shop and record the click if the shop matches. "sending"
  // counts too (the customer can click before the worker records the send); holdout and failed
  // messages were never delivered, so a click on them is not counted.
  const result = await ctx.db.pool.query<{ shop: string | null; inserted: number }>(
    `WITH msg AS (SELECT id, shop, "campaignId", "customerId", status FROM "Message" WHERE id = $1),
     ins AS (
       INSERT INTO "MessageClick" ("messageId", shop, "campaignId", "customerId", "clickedAt")
       SELECT id, shop, "campaignId", "customerId", $2 FROM msg
       WHERE status IN ('sending', 'sent') AND ($3::text IS NULL OR shop = $3)
       ON CONFLICT ("messageId") DO NOTHING RETURNING 1)
     SELECT (SELECT shop FROM msg) AS shop, (SELECT count(*) FROM ins)::int AS inserted`,
    [verified.messageId, ctx.now().toISOString(), input.shop ?? null],
  );
  const { shop: owner, inserted } = result.rows[0];
  if (input.shop !== undefined && owner !== null && owner !== input.shop) {
    return { status: 400, error: "This link belongs to another store." };
  }
  return { status: 302, redirectTo: verified.destination, counted: inserted > 0 };
}
