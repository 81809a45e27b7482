// Campaign screens' reads and writes. Validation is the domain's (app/campaigns/rules validateDraft);
// this module only loads and stores rows until app/campaigns provides the same operations.
import type { AppContext } from "~/runtime/app-context.server";
import {
  activateCampaign,
  createFromPillar,
  getCampaign,
  pauseCampaign,
  updateCampaign,
} from "~/campaigns/service.server";
import {
  describeTrigger,
  pillarTemplate,
  pillarTemplates,
  type CampaignDraft,
  type FieldErrors,
} from "~/campaigns/rules";
import { isPillarId, PILLARS, pillarSegment, type PillarId } from "~/segments/rules/pillars";
import { readSettings, SETTINGS_DEFAULTS, type MerchantSettings } from "~/shared/settings";
import { campaignSummaries, type Totals } from "~/attribution/reports.server";
import type { Lift } from "~/attribution/rules/lift";
import type { MemberPreview } from "~/segments/members.server";
import { getSegment, listSegments } from "~/segments/saved.server";
import { campaignDeliveryHealth } from "~/delivery/health.server";
import { emailSendingVerified, mailEnvFromProcess } from "~/delivery/sender.server";
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

export function templateChoices(pillar: string | null): {
  pillars: { id: PillarId; title: string; description: string }[];
  templates: TemplateChoice[];
  selected: PillarId | null;
} {
  const selected = isPillarId(pillar) ? pillar : null;
  return {
    pillars: PILLARS.map((p) => ({ id: p.id, title: p.title, description: p.description })),
    templates: pillarTemplates().map((t) => ({
      key: t.key,
      pillar: t.pillar,
      name: t.name,
      description: t.description,
      trigger: describeTrigger(t.trigger),
    })),
    selected,
  };
}

/** A pillar template as a draft campaign, with the merchant's default holdout and attribution window. */
export async function createFromTemplate(
  ctx: AppContext,
  shop: string,
  key: string,
): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
  const template = pillarTemplate(key);
  if (!template) return { ok: false, error: "Choose one of the templates." };
  const shopRow = await ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  const settings = readSettings(shopRow?.settings);
  const [created] = await createFromPillar(ctx.db, shop, template.pillar, key, settings.defaultChannel);
  // Templates carry the research defaults; a merchant who changed the defaults in Settings gets theirs.
  const defaults = {
    holdoutPercent: settings.holdoutPercent,
    attributionDays:
      template.attributionDays === SETTINGS_DEFAULTS.attributionDays
        ? settings.attributionDays
        : template.attributionDays,
  };
  if (defaults.holdoutPercent !== created.holdoutPercent || defaults.attributionDays !== created.attributionDays)
    await updateCampaign(ctx.db, shop, created.id, defaults);
  return { ok: true, id: created.id };
}

/** The campaign's editable fields (a CampaignDraft) and what the editor shows around them. */
export interface CampaignEditorView extends CampaignDraft {
  id: string;
  pillarTitle: string;
  status: string;
  segmentName: string | null;
  triggerText: string;
  activatedAt: string | null;
  guardrails: MerchantSettings;
  /** Customers in the audience now, to preview the message for. */
  recipients: MemberPreview[];
  /** Saved segments the merchant may target instead of the pillar's rules. */
  segments: { id: string; name: string }[];
  delivery: { emailVerified: boolean; failing: string | null };
}

export async function campaignEditor(ctx: AppContext, shop: string, id: string): Promise<CampaignEditorView | null> {
  const c = await getCampaign(ctx.db, shop, id);
  if (!c) return null;
  const [shopRow, segment, recipients, segments, sender, health] = await Promise.all([
    ctx.db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } }),
    c.segmentId ? getSegment(ctx.db, shop, c.segmentId) : null,
    sampleRecipients(ctx, shop, c),
    listSegments(ctx.db, shop),
    emailSendingVerified(ctx.db, shop, mailEnvFromProcess()),
    campaignDeliveryHealth(ctx.db, shop, c.id, ctx.now()),
  ]);
  return {
    id: c.id,
    name: c.name,
    pillar: c.pillar,
    pillarTitle: PILLARS.find((p) => p.id === c.pillar)!.title,
    status: c.status,
    segmentId: c.segmentId,
    segmentName: segment?.name ?? null,
    definition: c.definition ?? pillarSegment(c.pillar),
    trigger: c.trigger,
    triggerText: describeTrigger(c.trigger),
    subject: c.subject,
    body: c.body,
    ctaLabel: c.ctaLabel,
    ctaUrl: c.ctaUrl,
    holdoutPercent: c.holdoutPercent,
    attributionDays: c.attributionDays,
    channel: c.channel,
    activatedAt: c.activatedAt?.toISOString() ?? null,
    guardrails: readSettings(shopRow?.settings),
    recipients,
    segments: segments.map((x) => ({ id: x.id, name: x.name })),
    delivery: { emailVerified: sender.verified, failing: health.failing },
  };
}

/** The editor's form as the campaign service's input: numbers where the browser sent digits. */
export async function editorInput(
  ctx: AppContext,
  shop: string,
  id: string,
  form: Record<string, string>,
): Promise<Record<string, unknown> | null> {
  const existing = await getCampaign(ctx.db, shop, id);
  if (!existing) return null;
  const int = (v: string | undefined) => (v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v) : v);
  const trigger =
    existing.trigger.kind === "event" && form.delayDays !== undefined
      ? { ...existing.trigger, delayDays: int(form.delayDays) }
      : existing.trigger;
  const segmentId = form.segmentId === undefined ? existing.segmentId : form.segmentId || null;
  // Back from a saved segment to the pillar's rules: the pillar's default rules.
  const definition = segmentId ? null : (existing.definition ?? pillarSegment(existing.pillar));
  return {
    name: form.name,
    segmentId,
    definition,
    trigger,
    subject: form.subject,
    body: form.body,
    ctaLabel: form.ctaLabel,
    ctaUrl: form.ctaUrl,
    holdoutPercent: int(form.holdoutPercent),
    attributionDays: int(form.attributionDays),
    channel: form.channel ?? existing.channel,
  };
}

function friendly(errors: FieldErrors): FieldErrors {
  if (!errors.trigger) return errors;
  return {
    ...errors,
    trigger: errors.trigger.map((m) =>
      m.startsWith("delayDays") ? "Delay must be a whole number of days from 0 to 365." : m,
    ),
  };
}

export type CampaignActionResult =
  { ok: true; message: string } | { ok: false; errors: FieldErrors & { status?: string[] } };

const GONE: CampaignActionResult = { ok: false, errors: { status: ["This campaign no longer exists."] } };

/** The editor's one action: save, or save then activate, or pause. */
export async function campaignAction(
  ctx: AppContext,
  shop: string,
  id: string,
  form: Record<string, string>,
): Promise<CampaignActionResult> {
  if (form.intent === "pause")
    return (await pauseCampaign(ctx, shop, id)) ? { ok: true, message: "Campaign paused" } : GONE;
  const input = await editorInput(ctx, shop, id, form);
  if (!input) return GONE;
  const saved = await updateCampaign(ctx.db, shop, id, input);
  if (!saved) return GONE;
  if (!saved.ok) return { ok: false, errors: friendly(saved.errors) };
  if (form.intent !== "activate") return { ok: true, message: "Campaign saved" };
  const activated = await activateCampaign(ctx, shop, id);
  if (!activated) return GONE;
  return activated.ok
    ? { ok: true, message: "Campaign activated" }
    : {
        ok: false,
        errors: {
          ...friendly(activated.errors),
          status: activated.errors.status ?? ["Fix the highlighted fields, then activate again."],
        },
      };
}
