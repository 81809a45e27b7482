// One scheduler pass for a shop: every active campaign's due trigger events become Message rows.
import type { AppContext } from "~/runtime/app-context.server";
import { DEFAULT_LEASE_MS } from "~/delivery/outbox.server";
import { dueCandidates } from "./candidates.server";
import { planMessages, writeMessages } from "./materialise.server";
import { campaignSegment, listCampaigns, shopInfo } from "./store.server";

export interface TickResult {
  campaigns: number;
  candidates: number;
  inserted: number;
  byStatus: Record<string, number>;
}

export async function tickShop(ctx: Pick<AppContext, "db" | "now" | "log">, shop: string): Promise<TickResult> {
  const now = ctx.now();
  const info = await shopInfo(ctx.db, shop);
  const campaigns = await listCampaigns(ctx.db, shop, "active");
  const result: TickResult = { campaigns: campaigns.length, candidates: 0, inserted: 0, byStatus: {} };
  for (const campaign of campaigns) {
    try {
      const rule = await campaignSegment(ctx.db, shop, campaign);
      const candidates = await dueCandidates(ctx.db, shop, campaign.trigger, rule, now, info.timeZone);
      const planned = await planMessages(ctx.db, info, campaign, candidates, now);
      result.candidates += candidates.length;
      result.inserted += await writeMessages(ctx.db, shop, campaign.id, planned, now);
      for (const p of planned) result.byStatus[p.decision.status] = (result.byStatus[p.decision.status] ?? 0) + 1;
    } catch (error) {
      // One broken campaign (e.g. its saved segment was deleted) must not stop the others.
      ctx.log.error("campaigns.tick campaign failed", {
        shop,
        campaignId: campaign.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}

/**
 * The earliest time a message of this shop becomes due for sending, or null. A message left
 * 'sending' by a worker that died is due again when its lease runs out (the drain reclaims it
 * then); without it, nothing came back for it in a shop with no other message due.
 */
export async function nextDueAt(ctx: Pick<AppContext, "db">, shop: string): Promise<Date | null> {
  const { rows } = await ctx.db.pool.query<{ t: Date | null }>(
    `SELECT min(CASE WHEN m.status = 'pending' THEN m."scheduledFor"
                     ELSE m."claimedAt" + make_interval(secs => $2::float8 / 1000) END) AS t
       FROM "Message" m JOIN "Campaign" c ON c.shop = m.shop AND c.id = m."campaignId" AND c.status = 'active'
      WHERE m.shop = $1 AND (m.status = 'pending' OR (m.status = 'sending' AND m."claimedAt" IS NOT NULL))`,
    [shop, DEFAULT_LEASE_MS],
  );
  return rows[0]?.t ?? null;
}
