// Campaign rows ↔ the domain's validated shape, plus the shop facts every campaign step needs.
import type { Db } from "~/db.server";
import { triggerSchema, type CampaignDraft, type CampaignStatus } from "~/campaigns/rules";
import { guardrailSettings, type GuardrailSettings } from "~/delivery/rules/guardrails";
import { isChannel, LEGACY_CHANNEL } from "~/delivery/rules/channels";
import { isPillarId } from "~/segments/rules/pillars";
import { assertSegment, type SegmentRule } from "~/segments/rules";
import { getSegment } from "~/segments/saved.server";

export interface Campaign extends CampaignDraft {
  id: string;
  shop: string;
  status: CampaignStatus;
  activatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ShopInfo {
  domain: string;
  name: string;
  currencyCode: string;
  timeZone: string;
  guardrails: GuardrailSettings;
}

type Row = Awaited<ReturnType<Db["prisma"]["campaign"]["findFirst"]>> & object;

export function toCampaign(row: Row): Campaign {
  const definition = row.segmentId ? null : (row.definition as SegmentRule | null);
  return {
    id: row.id,
    shop: row.shop,
    name: row.name,
    pillar: isPillarId(row.pillar) ? row.pillar : "loyalty",
    status: row.status === "active" || row.status === "paused" ? row.status : "draft",
    segmentId: row.segmentId,
    definition,
    trigger: triggerSchema.parse(row.trigger),
    subject: row.subject,
    body: row.body,
    ctaLabel: row.ctaLabel,
    ctaUrl: row.ctaUrl,
    holdoutPercent: row.holdoutPercent,
    attributionDays: row.attributionDays,
    channel: isChannel(row.channel) ? row.channel : LEGACY_CHANNEL,
    activatedAt: row.activatedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function getCampaign(db: Db, shop: string, id: string): Promise<Campaign | null> {
  const row = await db.prisma.campaign.findFirst({ where: { shop, id } });
  return row ? toCampaign(row) : null;
}

export async function listCampaigns(db: Db, shop: string, status?: CampaignStatus): Promise<Campaign[]> {
  const rows = await db.prisma.campaign.findMany({
    where: { shop, ...(status ? { status } : {}) },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(toCampaign);
}

/** The campaign's rule tree: the saved segment it points at, or its inline definition. */
export async function campaignSegment(
  db: Db,
  shop: string,
  c: Pick<CampaignDraft, "segmentId" | "definition">,
): Promise<SegmentRule> {
  if (c.segmentId) {
    const saved = await getSegment(db, shop, c.segmentId);
    if (!saved) throw new Error(`segment ${c.segmentId} no longer exists`);
    return saved.definition;
  }
  return assertSegment(c.definition);
}

export async function shopInfo(db: Db, shop: string): Promise<ShopInfo> {
  const row = await db.prisma.shop.findUnique({ where: { domain: shop } });
  const settings = (row?.settings ?? {}) as Record<string, unknown>;
  return {
    domain: shop,
    name: row?.name || shop.replace(/\.myshopify\.com$/, ""),
    currencyCode: row?.currencyCode ?? "USD",
    timeZone: row?.ianaTimezone ?? "UTC",
    guardrails: guardrailSettings(settings.guardrails),
  };
}
