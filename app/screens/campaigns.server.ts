// Campaign screens' reads and writes. Validation is the domain's (app/domain/campaigns validateDraft);
// this module only loads and stores rows until app/campaigns provides the same operations.
import type { AppContext } from "~/context.server";
import { describeTrigger, pillarTemplate, pillarTemplates, triggerSchema, validateDraft, type FieldErrors, type PillarTemplate, type Trigger } from "~/domain/campaigns";
import { isPillarId, PILLARS, pillarSegment, type PillarId } from "~/domain/pillars";
import { parseSegment, type SegmentRule } from "~/domain/segments";
import { readSettings, type MerchantSettings } from "~/domain/settings";
import { campaignSummaries, type Totals } from "~/results/reports.server";
import type { Lift } from "~/domain/results/lift";
import type { MemberPreview } from "~/segments/members.server";
import { getSegment, listSegments } from "~/segments/saved.server";
import { sampleRecipients } from "./campaign-preview.server";

export interface CampaignListItem {
  id: string;
  name: string;
  pillar: string;
  pillarTitle: string;
  status: string;
  totals: Totals;
  lift: Lift;
}

export async function campaignsList(ctx: AppContext, shop: string): Promise<CampaignListItem[]> {
  const rows = await campaignSummaries(ctx, shop);
  return rows.map(({ campaign, totals, lift }) => ({
    id: campaign.id,
    name: campaign.name,
    pillar: campaign.pillar,
    pillarTitle: PILLARS.find((p) => p.id === campaign.pillar)?.title ?? campaign.pillar,
    status: campaign.status,
    totals,
    lift,
  }));
}

export interface TemplateChoice {
  key: string;
  pillar: PillarId;
  name: string;
  description: string;
  trigger: string;
}

export function templateChoices(pillar: string | null): { pillars: { id: PillarId; title: string; description: string }[]; templates: TemplateChoice[]; selected: PillarId | null } {
  const selected = isPillarId(pillar) ? pillar : null;
  return {
    pillars: PILLARS.map((p) => ({ id: p.id, title: p.title, description: p.description })),
    templates: pillarTemplates().map((t) => ({ key: t.key, pillar: t.pillar, name: t.name, description: t.description, trigger: describeTrigger(t.trigger) })),
    selected,
  };
}

function fromTemplate(template: PillarTemplate, settings: MerchantSettings) {
  return {
    name: template.name,
    pillar: template.pillar,
    definition: pillarSegment(template.pillar, template.segmentVariant) as object,
    trigger: template.trigger as object,
    subject: template.message.subject,
    body: template.message.body,
    ctaLabel: template.message.ctaLabel,
    ctaUrl: template.message.ctaUrl,
    holdoutPercent: settings.holdoutPercent,
    attributionDays: template.attributionDays === 7 ? settings.attributionDays : template.attributionDays,
  };
}

export async function createFromTemplate(ctx: AppContext, shop: string, key: string): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
  const template = pillarTemplate(key);
  if (!template) return { ok: false, error: "Choose one of the templates." };
  const shopRow = await ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  const created = await ctx.db.prisma.campaign.create({ data: { shop, status: "draft", ...fromTemplate(template, readSettings(shopRow?.settings)) } });
  return { ok: true, id: created.id };
}

export interface CampaignEditorView {
  id: string;
  name: string;
  pillar: PillarId;
  pillarTitle: string;
  status: string;
  segmentId: string | null;
  segmentName: string | null;
  definition: SegmentRule | null;
  trigger: Trigger;
  triggerText: string;
  subject: string;
  body: string;
  ctaLabel: string;
  ctaUrl: string;
  holdoutPercent: number;
  attributionDays: number;
  activatedAt: string | null;
  guardrails: MerchantSettings;
  /** Customers in the audience now, to preview the message for. */
  recipients: MemberPreview[];
  /** Saved segments the merchant may target instead of the pillar's rules. */
  segments: { id: string; name: string }[];
}

export async function campaignEditor(ctx: AppContext, shop: string, id: string): Promise<CampaignEditorView | null> {
  const c = await ctx.db.prisma.campaign.findFirst({ where: { shop, id } });
  if (!c || !isPillarId(c.pillar)) return null;
  const [shopRow, segment, recipients, segments] = await Promise.all([
    ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } }),
    c.segmentId ? getSegment(ctx.db, shop, c.segmentId) : null,
    sampleRecipients(ctx, shop, c.id),
    listSegments(ctx.db, shop),
  ]);
  const trigger = triggerSchema.safeParse(c.trigger);
  const parsed = parseSegment(c.definition);
  const fallback: Trigger = { kind: "event", event: "order_placed", delayDays: 0 };
  return {
    id: c.id,
    name: c.name,
    pillar: c.pillar,
    pillarTitle: PILLARS.find((p) => p.id === c.pillar)!.title,
    status: c.status,
    segmentId: c.segmentId,
    segmentName: segment?.name ?? null,
    definition: parsed.ok ? parsed.rule : null,
    trigger: trigger.success ? trigger.data : fallback,
    triggerText: describeTrigger(trigger.success ? trigger.data : fallback),
    subject: c.subject,
    body: c.body,
    ctaLabel: c.ctaLabel,
    ctaUrl: c.ctaUrl,
    holdoutPercent: c.holdoutPercent,
    attributionDays: c.attributionDays,
    activatedAt: c.activatedAt?.toISOString() ?? null,
    guardrails: readSettings(shopRow?.settings),
    recipients,
    segments: segments.map((x) => ({ id: x.id, name: x.name })),
  };
}

/** The editor's form: strings from the browser, checked by the domain's validateDraft. */
export async function saveCampaign(ctx: AppContext, shop: string, id: string, form: Record<string, string>): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const existing = await ctx.db.prisma.campaign.findFirst({ where: { shop, id } });
  if (!existing) return { ok: false, errors: { name: ["This campaign no longer exists."] } };
  let trigger: unknown = existing.trigger;
  const delay = form.delayDays;
  if (delay !== undefined && trigger && typeof trigger === "object" && (trigger as { kind?: unknown }).kind === "event") {
    trigger = { ...(trigger as object), delayDays: /^\d+$/.test(delay.trim()) ? Number(delay) : delay };
  }
  // "" keeps the pillar's own rules (the inline definition); a segment id targets that saved segment.
  const segmentId = form.segmentId === undefined ? existing.segmentId : form.segmentId || null;
  if (segmentId && !(await getSegment(ctx.db, shop, segmentId))) return { ok: false, errors: { segmentId: ["Choose one of your saved segments."] } };
  const int = (v: string | undefined) => (v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v) : v);
  const result = validateDraft({
    name: form.name,
    pillar: existing.pillar,
    segmentId,
    definition: existing.definition,
    trigger,
    subject: form.subject,
    body: form.body,
    ctaLabel: form.ctaLabel,
    ctaUrl: form.ctaUrl,
    holdoutPercent: int(form.holdoutPercent),
    attributionDays: int(form.attributionDays),
  });
  if (!result.ok) {
    const errors = { ...result.errors };
    if (errors.trigger) errors.trigger = errors.trigger.map((m) => m.replace(/^delayDays: .*/, "Delay must be a whole number of days from 0 to 365."));
    return { ok: false, errors };
  }
  const d = result.draft;
  await ctx.db.prisma.campaign.update({
    where: { id },
    data: { name: d.name, segmentId: d.segmentId, trigger: d.trigger as object, subject: d.subject, body: d.body, ctaLabel: d.ctaLabel, ctaUrl: d.ctaUrl, holdoutPercent: d.holdoutPercent, attributionDays: d.attributionDays },
  });
  return { ok: true };
}

export async function setCampaignStatus(ctx: AppContext, shop: string, id: string, status: "active" | "paused"): Promise<boolean> {
  const updated = await ctx.db.prisma.campaign.updateMany({
    where: { shop, id },
    data: status === "active" ? { status, activatedAt: ctx.now() } : { status },
  });
  return updated.count > 0;
}

export type CampaignActionResult = { ok: true; message: string } | { ok: false; errors: FieldErrors & { status?: string[] } };

/** The editor's one action: save, or save then activate, or pause. */
export async function campaignAction(ctx: AppContext, shop: string, id: string, form: Record<string, string>): Promise<CampaignActionResult> {
  const intent = form.intent;
  if (intent === "pause") {
    return (await setCampaignStatus(ctx, shop, id, "paused")) ? { ok: true, message: "Campaign paused" } : { ok: false, errors: { status: ["This campaign no longer exists."] } };
  }
  const saved = await saveCampaign(ctx, shop, id, form);
  if (!saved.ok) return saved;
  if (intent !== "activate") return { ok: true, message: "Campaign saved" };
  await setCampaignStatus(ctx, shop, id, "active");
  return { ok: true, message: "Campaign activated" };
}
