// Optional mirrors of a campaign's audience in Shopify, so Shopify Email can target it too: a
// customer tag on every recipient and a customer segment on that tag.
import type { AppContext } from "~/context.server";
import { AdminApiError } from "~/shopify/admin";
import { SEGMENT_CREATE, TAGS_ADD } from "~/shopify/queries/tags";
import { getCampaign } from "./store.server";

interface UserError { field: string[] | null; message: string }

export function campaignTag(campaignName: string): string {
  const slug = campaignName.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  return `rapport-${slug || "campaign"}`;
}

/** Tags every customer the campaign has sent to (tagsAdd is idempotent in Shopify). */
export async function tagRecipients(ctx: Pick<AppContext, "db" | "admin">, shop: string, campaignId: string): Promise<{ tag: string; tagged: number; failed: { customerId: string; error: string }[] }> {
  const campaign = await getCampaign(ctx.db, shop, campaignId);
  if (!campaign) throw new Error(`campaign ${campaignId} not found`);
  const tag = campaignTag(campaign.name);
  const { rows } = await ctx.db.pool.query<{ id: string }>(
    `SELECT DISTINCT "customerId"::text AS id FROM "Message" WHERE shop = $1 AND "campaignId" = $2 AND status = 'sent' ORDER BY 1`, [shop, campaignId]);
  const admin = await ctx.admin(shop);
  let tagged = 0;
  const failed: { customerId: string; error: string }[] = [];
  for (const { id } of rows) {
    try {
      const data = await admin.request<{ tagsAdd: { userErrors: UserError[] } | null }>(TAGS_ADD, { id: `gid://shopify/Customer/${id}`, tags: [tag] });
      const errors = data.tagsAdd?.userErrors ?? [];
      if (errors.length) failed.push({ customerId: id, error: errors.map((e) => e.message).join("; ") });
      else tagged++;
    } catch (error) {
      if (!(error instanceof AdminApiError)) throw error;
      failed.push({ customerId: id, error: `${error.kind}: ${error.message}` });
    }
  }
  return { tag, tagged, failed };
}

/** A Shopify customer segment "Rapport: <campaign>" on the campaign's tag. */
export async function createShopifySegment(ctx: Pick<AppContext, "db" | "admin">, shop: string, campaignId: string): Promise<{ ok: true; segmentId: string; query: string } | { ok: false; errors: string[] }> {
  const campaign = await getCampaign(ctx.db, shop, campaignId);
  if (!campaign) throw new Error(`campaign ${campaignId} not found`);
  const query = `customer_tags CONTAINS '${campaignTag(campaign.name)}'`;
  const admin = await ctx.admin(shop);
  const data = await admin.request<{ segmentCreate: { segment: { id: string } | null; userErrors: UserError[] } | null }>(SEGMENT_CREATE, { name: `Rapport: ${campaign.name}`, query });
  const result = data.segmentCreate;
  if (!result?.segment) return { ok: false, errors: (result?.userErrors ?? []).map((e) => e.message) };
  return { ok: true, segmentId: result.segment.id, query };
}
