// Daily engagement on each campaign's marketing activity (decision 0175): per shop-local day that
// has ended, the messages sent, the human clicks (MessageClick; machine clicks are elsewhere,
// decision 0176) and the unsubscribes, reported once with marketingEngagementCreate.
import type { AppContext } from "~/runtime/app-context.server";
import { isValidTimeZone } from "~/delivery/rules/guardrails/quiet-hours";
import { AdminApiError } from "~/shopify/admin";
import { MARKETING_ENGAGEMENT_CREATE } from "~/shopify/queries/marketing";
import { dayWindow, daysToReport, engagementInput, localDay, type DayCounts, type DayWindow } from "./rules/engagement";

/** A day Shopify refused (an error answer, so not recorded there) is sent again on later runs, this many times in all. */
export const MAX_REPORT_ATTEMPTS = 5;
const MAX_ERROR = 1_000;

interface EngagementResult {
  marketingEngagementCreate: { userErrors: { field: string[] | null; message: string; code: string | null }[] } | null;
}

export interface ReportSummary {
  reported: number;
  refused: number;
  uncertain: number;
}

const COUNTS_SQL = `
  SELECT
    (SELECT count(*) FROM "Message" WHERE shop = $1 AND "campaignId" = $2 AND status = 'sent'
       AND "sentAt" >= $3::timestamp AND "sentAt" < $4::timestamp)::int AS sends,
    (SELECT count(*) FROM "MessageClick" WHERE shop = $1 AND "campaignId" = $2
       AND "clickedAt" >= $3::timestamp AND "clickedAt" < $4::timestamp)::int AS clicks,
    (SELECT count(*) FROM "Unsubscribe" WHERE shop = $1 AND "campaignId" = $2
       AND "createdAt" >= $3::timestamp AND "createdAt" < $4::timestamp)::int AS unsubscribes`;

async function dayCounts(
  ctx: Pick<AppContext, "db">,
  shop: string,
  campaignId: string,
  w: DayWindow,
): Promise<DayCounts> {
  // Timestamps are stored as UTC wall time: ISO strings compare them as UTC whatever the session zone.
  const found = await ctx.db.pool.query<DayCounts>(COUNTS_SQL, [
    shop,
    campaignId,
    w.start.toISOString(),
    w.end.toISOString(),
  ]);
  return found.rows[0];
}

/**
 * Reports every complete, unreported day of the shop's activities. A day is claimed (a row) before
 * the call and marked after it: an answer with an error ("refused") is retried on a later run, no
 * answer at all ("uncertain": a timeout or a lost connection) is never sent again, because Shopify
 * does not say whether a second report for a day adds to the first. Throws after the run when a
 * day was refused for a retryable reason, so the job is retried with backoff.
 */
export async function reportEngagement(
  ctx: Pick<AppContext, "db" | "admin" | "now" | "log">,
  shop: string,
): Promise<ReportSummary> {
  const shopRow = await ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
  const timeZone = isValidTimeZone(shopRow?.ianaTimezone) ? shopRow.ianaTimezone : "UTC";
  const activities = await ctx.db.prisma.marketingActivity.findMany({
    where: { shop, activityId: { not: null } },
    orderBy: { campaignId: "asc" },
  });
  const summary: ReportSummary = { reported: 0, refused: 0, uncertain: 0 };
  let retryable: AdminApiError | undefined;
  const now = ctx.now();
  for (const activity of activities) {
    const campaign = await ctx.db.prisma.campaign.findFirst({
      where: { id: activity.campaignId, shop },
      select: { channel: true, activatedAt: true },
    });
    if (!campaign) continue;
    const rows = await ctx.db.prisma.marketingEngagementReport.findMany({
      where: { campaignId: activity.campaignId },
      select: { day: true, status: true, attempts: true },
    });
    // Done, in flight or unknown: every row except a refusal that has attempts left.
    const settled = new Set(
      rows.filter((r) => r.status !== "refused" || r.attempts >= MAX_REPORT_ATTEMPTS).map((r) => r.day),
    );
    const firstDay = localDay(campaign.activatedAt ?? activity.createdAt, timeZone);
    for (const day of daysToReport(firstDay, now, timeZone, settled)) {
      const window = dayWindow(day, timeZone);
      const counts = await dayCounts(ctx, shop, activity.campaignId, window);
      const key = { shop_campaignId_day: { shop, campaignId: activity.campaignId, day } };
      const claim = { ...counts, utcOffset: window.utcOffset, status: "claimed", lastError: null };
      await ctx.db.prisma.marketingEngagementReport.upsert({
        where: key,
        create: { campaignId: activity.campaignId, day, shop, attempts: 1, ...claim },
        update: { attempts: { increment: 1 }, ...claim },
      });
      const outcome = await send(
        ctx,
        shop,
        activity.campaignId,
        engagementInput(window, counts, campaign.channel === "email"),
      );
      await ctx.db.prisma.marketingEngagementReport.update({
        where: key,
        data: {
          status: outcome.status,
          reportedAt: outcome.status === "reported" ? ctx.now() : null,
          lastError: outcome.error?.slice(0, MAX_ERROR) ?? null,
        },
      });
      summary[outcome.status] += 1;
      if (outcome.retry) retryable = outcome.retry;
    }
  }
  if (summary.refused + summary.uncertain > 0) ctx.log.warn("marketing.engagement not reported", { shop, ...summary });
  if (retryable) throw retryable;
  return summary;
}

type SendOutcome = { status: "reported" | "refused" | "uncertain"; error?: string; retry?: AdminApiError };

async function send(
  ctx: Pick<AppContext, "admin">,
  shop: string,
  campaignId: string,
  engagement: ReturnType<typeof engagementInput>,
): Promise<SendOutcome> {
  try {
    const admin = await ctx.admin(shop);
    // Not idempotent: the client waits out throttling (Shopify did not run the call) but does not
    // resend after a 5xx, a timeout or a lost connection.
    const data = await admin.request<EngagementResult>(
      MARKETING_ENGAGEMENT_CREATE,
      { remoteId: campaignId, engagement },
      { idempotent: false },
    );
    const errors = data.marketingEngagementCreate?.userErrors ?? [];
    if (errors.length === 0) return { status: "reported" };
    return { status: "refused", error: errors.map((e) => `${e.code ?? "ERROR"}: ${e.message}`).join("; ") };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AdminApiError && (error.kind === "timeout" || error.kind === "network"))
      return { status: "uncertain", error: message };
    const retry = error instanceof AdminApiError && error.retryable ? error : undefined;
    return { status: "refused", error: message, retry };
  }
}
