// Each live campaign as an external marketing activity in Shopify (decision 0175). Activating or
// pausing a campaign records the wanted status and queues marketing.syncActivity, so the campaign
// page answers at once; the job brings Shopify in line, retrying throttling and 5xx. A refusal is
// kept in MarketingActivity.lastError and never blocks sending.
import type { AppContext } from "~/runtime/app-context.server";
import { AdminApiError } from "~/shopify/admin";
import { MARKETING_ACTIVITY_UPSERT } from "~/shopify/queries/marketing";
import { campaignUrl, upsertInput, utmFor, type ActivityStatus } from "./rules/activity";

interface UpsertResult {
  marketingActivityUpsertExternal: {
    marketingActivity: { id: string; status: string } | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  } | null;
}

const MAX_ERROR = 1_000;

/** Records what Shopify should show for the campaign and queues the call (one job per campaign at a time). */
export async function requestActivitySync(
  ctx: Pick<AppContext, "db" | "queue">,
  shop: string,
  campaign: { id: string; channel: string },
  desired: ActivityStatus,
): Promise<void> {
  const utm = utmFor(campaign);
  await ctx.db.prisma.marketingActivity.upsert({
    where: { shop_campaignId: { shop, campaignId: campaign.id } },
    create: { campaignId: campaign.id, shop, desired, utmCampaign: utm.campaign, utmMedium: utm.medium },
    update: { desired },
  });
  // One named queue per shop: a pause queued right after an activation reaches Shopify after it.
  await ctx.queue.enqueue(
    "marketing.syncActivity",
    { shop, campaignId: campaign.id },
    { jobKey: `marketing.syncActivity:${campaign.id}`, queueName: `marketing:${shop}` },
  );
}

export type SyncOutcome = "synced" | "unchanged" | "refused" | "gone";

/**
 * Sends the campaign's activity with its wanted status (marketingActivityUpsertExternal, keyed by
 * the campaign id, so a repeated call never makes a second activity). Throws a retryable
 * AdminApiError (the job is retried with backoff) after the client's own retries are spent.
 */
export async function syncActivity(
  ctx: Pick<AppContext, "db" | "admin" | "now" | "log">,
  shop: string,
  campaignId: string,
  appUrl: string,
): Promise<SyncOutcome> {
  const row = await ctx.db.prisma.marketingActivity.findUnique({ where: { shop_campaignId: { shop, campaignId } } });
  const campaign = await ctx.db.prisma.campaign.findFirst({
    where: { id: campaignId, shop },
    select: { id: true, name: true, channel: true, activatedAt: true },
  });
  if (!row || row.shop !== shop || !campaign) return "gone";
  const desired = row.desired as ActivityStatus;
  if (row.activityId && row.synced === desired && !row.lastError) return "unchanged";
  const now = ctx.now();
  const fail = async (message: string) => {
    await ctx.db.prisma.marketingActivity.update({
      where: { shop_campaignId: { shop, campaignId } },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, MAX_ERROR) },
    });
  };
  let data: UpsertResult;
  try {
    const admin = await ctx.admin(shop);
    data = await admin.request<UpsertResult>(MARKETING_ACTIVITY_UPSERT, {
      input: upsertInput(campaign, desired, campaignUrl(appUrl, campaign.id), now),
    });
  } catch (error) {
    await fail(error instanceof Error ? error.message : String(error));
    if (error instanceof AdminApiError && error.retryable) throw error;
    ctx.log.warn("marketing.activity refused", { shop, campaignId, error: String(error) });
    return "refused";
  }
  const result = data.marketingActivityUpsertExternal;
  const errors = result?.userErrors ?? [];
  if (!result?.marketingActivity || errors.length > 0) {
    const message =
      errors.map((e) => `${e.code ?? "ERROR"}: ${e.message}`).join("; ") || "Shopify returned no activity";
    await fail(message);
    ctx.log.warn("marketing.activity refused", { shop, campaignId, error: message });
    return "refused";
  }
  await ctx.db.prisma.marketingActivity.update({
    where: { shop_campaignId: { shop, campaignId } },
    data: {
      activityId: result.marketingActivity.id,
      synced: desired,
      syncedAt: now,
      attempts: { increment: 1 },
      lastError: null,
    },
  });
  return "synced";
}
