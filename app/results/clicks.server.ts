// The click redirect behind the app proxy route /proxy/r/:token (storefront /apps/rapport/r/:token).
import type { AppContext } from "~/context.server";
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
  const message = await ctx.db.pool.query<{ shop: string }>(`SELECT shop FROM "Message" WHERE id = $1`, [verified.messageId]);
  const owner = message.rows[0]?.shop;
  if (input.shop !== undefined && owner !== undefined && owner !== input.shop) {
    return { status: 400, error: "This link belongs to another store." };
  }
  // "sending" too: the customer can click before the worker has recorded the send. Holdouts and
  // failed messages were never delivered, so a click on them is not counted.
  const inserted = await ctx.db.pool.query(
    `INSERT INTO "MessageClick" ("messageId", shop, "campaignId", "customerId", "clickedAt")
     SELECT id, shop, "campaignId", "customerId", $2 FROM "Message" WHERE id = $1 AND status IN ('sending', 'sent')
     ON CONFLICT ("messageId") DO NOTHING`,
    [verified.messageId, ctx.now().toISOString()],
  );
  return { status: 302, redirectTo: verified.destination, counted: (inserted.rowCount ?? 0) > 0 };
}
