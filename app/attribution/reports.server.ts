// What the merchant sees per campaign and per pillar: delivery, clicks, attributed conversions,
// holdout lift and a time series, with the research reference range beside each pillar.
import type { Statement } from "~/db/params";
import type { AppContext } from "~/runtime/app-context.server";
import { attributionRule } from "~/attribution/rules/attribution";
import { computeLift, NOT_ENOUGH_DATA_RULE, type GroupSummary, type Lift } from "~/attribution/rules/lift";
import {
  isPillar,
  PILLAR_REFERENCE_RANGES,
  PILLARS,
  REFERENCE_SOURCE_NOTE,
  type Pillar,
  type ReferenceRange,
} from "~/attribution/rules/reference-ranges";
import { armSummaries, type ArmSummaries } from "./lift.server";
import { timeSeries, type Bucket, type SeriesPoint } from "./series.server";

export { exportCampaignCsv } from "./export.server";
export { NOT_ENOUGH_DATA_RULE, REFERENCE_SOURCE_NOTE };

export type ReportContext = Pick<AppContext, "db">;

export interface Totals {
  sent: number;
  failed: number;
  heldOut: number;
  /** Distinct customers who were sent at least one message. */
  messagedCustomers: number;
  /** Distinct customers who clicked (each message's click counts once). */
  clicked: number;
  /** Distinct customers with at least one attributed order. */
  converted: number;
  orders: number;
  /** Attributed revenue net of refunds, 2 decimals, shop currency. */
  revenue: string;
  aov: string | null;
  clickRate: number | null;
  conversionRate: number | null;
}

export interface CampaignReport {
  campaign: { id: string; name: string; pillar: string; status: string; attributionDays: number };
  rule: string;
  totals: Totals;
  lift: Lift;
  notEnoughDataRule: string;
  series: SeriesPoint[];
}

export interface PillarReport {
  pillar: Pillar;
  campaigns: number;
  totals: Totals;
  /** Pooled over the pillar's campaigns, one unit per campaign and customer. */
  lift: Lift;
  reference: ReferenceRange;
  referenceSource: string;
  series: SeriesPoint[];
}

interface CampaignRow {
  id: string;
  name: string;
  pillar: string;
  status: string;
  attributionDays: number;
}

interface TotalsRow {
  key: string;
  sent: number;
  failed: number;
  held_out: number;
  messaged: number;
  clicked: number;
  converted: number;
  orders: number;
  revenue: string;
  aov: string | null;
}

/** Message, click and conversion totals per campaign id or pillar among the given campaigns. */
export function totalsStatement(args: { shop: string; ids: readonly string[]; key: "id" | "pillar" }): Statement {
  const { key } = args;
  return {
    values: [args.shop, args.ids],
    text: `
  WITH c AS (SELECT id, pillar FROM "Campaign" WHERE shop = $1 AND id = ANY($2::text[])),
  msg AS (
    SELECT c.${key} AS key, count(*) FILTER (WHERE m.status = 'sent') AS sent, count(*) FILTER (WHERE m.status = 'failed') AS failed,
           count(*) FILTER (WHERE m.status = 'held_out') AS held_out, count(DISTINCT m."customerId") FILTER (WHERE m.status = 'sent') AS messaged
    FROM c JOIN "Message" m ON m."campaignId" = c.id AND m.shop = $1 GROUP BY c.${key}),
  clk AS (SELECT c.${key} AS key, count(DISTINCT k."customerId") AS clicked FROM c JOIN "MessageClick" k ON k."campaignId" = c.id AND k.shop = $1 GROUP BY c.${key}),
  cnv AS (
    SELECT c.${key} AS key, count(DISTINCT v."customerId") AS converted, count(*) AS orders, sum(v.revenue) AS revenue
    FROM c JOIN "Conversion" v ON v."campaignId" = c.id AND v.shop = $1 GROUP BY c.${key})
  SELECT k.key, COALESCE(msg.sent, 0)::int AS sent, COALESCE(msg.failed, 0)::int AS failed, COALESCE(msg.held_out, 0)::int AS held_out,
         COALESCE(msg.messaged, 0)::int AS messaged, COALESCE(clk.clicked, 0)::int AS clicked, COALESCE(cnv.converted, 0)::int AS converted,
         COALESCE(cnv.orders, 0)::int AS orders, round(COALESCE(cnv.revenue, 0), 2)::text AS revenue,
         round(cnv.revenue / NULLIF(cnv.orders, 0), 2)::text AS aov
  FROM (SELECT DISTINCT ${key} AS key FROM c) k
  LEFT JOIN msg ON msg.key = k.key LEFT JOIN clk ON clk.key = k.key LEFT JOIN cnv ON cnv.key = k.key`,
  };
}

function toTotals(row: TotalsRow | undefined): Totals {
  const r = row ?? {
    key: "",
    sent: 0,
    failed: 0,
    held_out: 0,
    messaged: 0,
    clicked: 0,
    converted: 0,
    orders: 0,
    revenue: "0.00",
    aov: null,
  };
  return {
    sent: r.sent,
    failed: r.failed,
    heldOut: r.held_out,
    messagedCustomers: r.messaged,
    clicked: r.clicked,
    converted: r.converted,
    orders: r.orders,
    revenue: r.revenue,
    aov: r.aov,
    clickRate: r.messaged > 0 ? r.clicked / r.messaged : null,
    conversionRate: r.messaged > 0 ? r.converted / r.messaged : null,
  };
}

async function totalsBy(
  ctx: ReportContext,
  shop: string,
  ids: readonly string[],
  key: "id" | "pillar",
): Promise<Map<string, Totals>> {
  if (ids.length === 0) return new Map();
  const statement = totalsStatement({ shop, ids, key });
  const { rows } = await ctx.db.pool.query<TotalsRow>(statement.text, statement.values);
  return new Map(rows.map((row) => [row.key, toTotals(row)]));
}

async function shopTimezone(ctx: ReportContext, shop: string): Promise<string> {
  const found = await ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
  return found?.ianaTimezone ?? "UTC";
}

const NOBODY: GroupSummary = { customers: 0, converted: 0, revenueMean: 0, revenueVariance: 0 };
const liftOf = (arms: ArmSummaries | undefined): Lift => computeLift(arms?.messaged ?? NOBODY, arms?.holdout ?? NOBODY);

export async function campaignReport(
  ctx: ReportContext,
  shop: string,
  campaignId: string,
  options: { bucket?: Bucket } = {},
): Promise<CampaignReport | null> {
  const campaign = await ctx.db.prisma.campaign.findFirst({
    where: { shop, id: campaignId },
    select: { id: true, name: true, pillar: true, status: true, attributionDays: true },
  });
  if (!campaign) return null;
  const [totals, arms, series] = await Promise.all([
    totalsBy(ctx, shop, [campaignId], "id"),
    armSummaries(ctx.db, shop, [campaignId], "campaignId"),
    shopTimezone(ctx, shop).then((tz) => timeSeries(ctx.db, shop, [campaignId], options.bucket ?? "day", tz)),
  ]);
  return {
    campaign,
    rule: attributionRule(campaign.attributionDays),
    totals: totals.get(campaignId) ?? toTotals(undefined),
    lift: liftOf(arms.get(campaignId)),
    notEnoughDataRule: NOT_ENOUGH_DATA_RULE,
    series,
  };
}

/** All four pillars, including those without campaigns yet, so the reference ranges always show. */
export async function pillarReports(
  ctx: ReportContext,
  shop: string,
  options: { bucket?: Bucket } = {},
): Promise<PillarReport[]> {
  const campaigns: CampaignRow[] = await ctx.db.prisma.campaign.findMany({
    where: { shop },
    select: { id: true, name: true, pillar: true, status: true, attributionDays: true },
  });
  const ids = campaigns.map((campaign) => campaign.id);
  const [totals, arms, tz] = await Promise.all([
    totalsBy(ctx, shop, ids, "pillar"),
    armSummaries(ctx.db, shop, ids, "pillar"),
    shopTimezone(ctx, shop),
  ]);
  return Promise.all(
    PILLARS.map(async (pillar) => {
      const own = campaigns
        .filter((campaign) => isPillar(campaign.pillar) && campaign.pillar === pillar)
        .map((campaign) => campaign.id);
      return {
        pillar,
        campaigns: own.length,
        totals: totals.get(pillar) ?? toTotals(undefined),
        lift: liftOf(arms.get(pillar)),
        reference: PILLAR_REFERENCE_RANGES[pillar],
        referenceSource: REFERENCE_SOURCE_NOTE,
        series: await timeSeries(ctx.db, shop, own, options.bucket ?? "day", tz),
      };
    }),
  );
}

/** One line per campaign for the campaigns list: totals and lift, no series. */
export async function campaignSummaries(
  ctx: ReportContext,
  shop: string,
): Promise<{ campaign: CampaignRow; totals: Totals; lift: Lift }[]> {
  const campaigns: CampaignRow[] = await ctx.db.prisma.campaign.findMany({
    where: { shop },
    select: { id: true, name: true, pillar: true, status: true, attributionDays: true },
    orderBy: { createdAt: "desc" },
  });
  const ids = campaigns.map((campaign) => campaign.id);
  const [totals, arms] = await Promise.all([
    totalsBy(ctx, shop, ids, "id"),
    armSummaries(ctx.db, shop, ids, "campaignId"),
  ]);
  return campaigns.map((campaign) => ({
    campaign,
    totals: totals.get(campaign.id) ?? toTotals(undefined),
    lift: liftOf(arms.get(campaign.id)),
  }));
}
