// Reports screen: every pillar (with its reference range) and, when chosen, one campaign.
import type { AppContext } from "~/runtime/app-context.server";
import { PILLARS as PILLAR_META } from "~/segments/rules/pillars";
import {
  campaignReport,
  campaignSummaries,
  pillarReports,
  type CampaignReport,
  type PillarReport,
} from "~/attribution/reports.server";
import type { Bucket } from "~/attribution/series.server";
import { armSeries, type ArmPoint } from "~/attribution/arm-series.server";

export interface ReportsView {
  bucket: Bucket;
  currency: string;
  pillars: (PillarReport & { title: string })[];
  campaigns: { id: string; name: string; pillar: string; status: string }[];
  selected: CampaignReport | null;
  /** Conversion over time, messaged vs held out: every campaign, and the chosen one. */
  arms: ArmPoint[];
  selectedArms: ArmPoint[];
}

export async function reportsView(
  ctx: AppContext,
  shop: string,
  input: { campaignId: string | null; bucket: string | null },
): Promise<ReportsView> {
  const bucket: Bucket = input.bucket === "week" ? "week" : "day";
  const [pillars, summaries, selected, shopRow] = await Promise.all([
    pillarReports(ctx, shop, { bucket }),
    campaignSummaries(ctx, shop),
    input.campaignId ? campaignReport(ctx, shop, input.campaignId, { bucket }) : null,
    ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true, ianaTimezone: true } }),
  ]);
  const tz = shopRow?.ianaTimezone ?? "UTC";
  const [arms, selectedArms] = await Promise.all([
    armSeries(
      ctx.db,
      shop,
      summaries.map((s) => s.campaign.id),
      bucket,
      tz,
    ),
    selected ? armSeries(ctx.db, shop, [selected.campaign.id], bucket, tz) : Promise.resolve([]),
  ]);
  return {
    bucket,
    currency: shopRow?.currencyCode ?? "USD",
    pillars: pillars.map((p) => ({ ...p, title: PILLAR_META.find((m) => m.id === p.pillar)?.title ?? p.pillar })),
    campaigns: summaries.map((s) => ({
      id: s.campaign.id,
      name: s.campaign.name,
      pillar: s.campaign.pillar,
      status: s.campaign.status,
    })),
    selected,
    arms,
    selectedArms,
  };
}
