// Whether a campaign's messages are getting out: what the campaign screen says when they are not.
import type { Db } from "~/db.server";

export interface DeliveryHealth {
  /** A sentence for the merchant when delivery is failing or retrying; null when it is not. */
  failing: string | null;
}

export async function campaignDeliveryHealth(
  db: Db,
  shop: string,
  campaignId: string,
  now: Date,
): Promise<DeliveryHealth> {
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const { rows } = await db.pool.query<{
    failed: number;
    retrying: number;
    last_failed_at: Date | null;
    last_sent_at: Date | null;
    last_error: string | null;
  }>(
    `SELECT count(*) FILTER (WHERE status = 'failed' AND "updatedAt" >= $3)::int AS failed,
            count(*) FILTER (WHERE status = 'pending' AND "lastError" IS NOT NULL)::int AS retrying,
            max("updatedAt") FILTER (WHERE status = 'failed') AS last_failed_at,
            max("sentAt") AS last_sent_at,
            (SELECT "lastError" FROM "Message" WHERE shop = $1 AND "campaignId" = $2 AND "lastError" IS NOT NULL
              AND status IN ('failed', 'pending') ORDER BY "updatedAt" DESC LIMIT 1) AS last_error
       FROM "Message" WHERE shop = $1 AND "campaignId" = $2`,
    [shop, campaignId, since],
  );
  const r = rows[0];
  const reason = r.last_error ? ` Last reason: ${r.last_error}` : "";
  const failingNow = r.failed > 0 && r.last_failed_at && (!r.last_sent_at || r.last_failed_at > r.last_sent_at);
  if (failingNow)
    return {
      failing: `${r.failed} message${r.failed === 1 ? "" : "s"} failed in the last 7 days and none was sent since.${reason}`,
    };
  if (r.retrying > 0)
    return { failing: `${r.retrying} message${r.retrying === 1 ? " is" : "s are"} waiting to be retried.${reason}` };
  return { failing: null };
}
