// A campaign as the editor submits it, validated field by field so the UI can show each error
// next to its input.
import { isPillarId, type PillarId } from "~/segments/rules/pillars";
import { formatSegmentErrors, parseSegment, type SegmentRule } from "~/segments/rules";
import type { TemplateField } from "~/campaigns/rules/messages/limits";
import { validateTemplate } from "~/campaigns/rules/messages/validate";
import { channelSchema, LEGACY_CHANNEL, type Channel } from "~/delivery/rules/channels";
import { triggerSchema, type Trigger } from "./trigger";

export const CAMPAIGN_STATUSES = ["draft", "active", "paused"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignDraft {
  name: string;
  pillar: PillarId;
  /** A saved Segment's id, or null to use the inline definition. */
  segmentId: string | null;
  definition: SegmentRule | null;
  trigger: Trigger;
  subject: string;
  body: string;
  ctaLabel: string;
  ctaUrl: string;
  holdoutPercent: number;
  attributionDays: number;
  /** How the customer receives it (decision 0170). */
  channel: Channel;
}

export type CampaignField = keyof CampaignDraft;
export type FieldErrors = Partial<Record<CampaignField, string[]>>;
export type DraftResult = { ok: true; draft: CampaignDraft } | { ok: false; errors: FieldErrors };

function templateErrors(source: string, field: TemplateField, exclude: string[] = []): string[] {
  const check = validateTemplate(source, { exclude, field });
  return check.errors.map((e) => `Line ${e.line}, column ${e.column}: ${e.message}`);
}

const int = (v: unknown, min: number, max: number): boolean =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

export function validateDraft(input: Record<string, unknown>): DraftResult {
  const errors: FieldErrors = {};
  const add = (field: CampaignField, ...messages: string[]) => {
    if (messages.length) errors[field] = [...(errors[field] ?? []), ...messages];
  };
  const str = (v: unknown) => (typeof v === "string" ? v : "");

  const name = str(input.name).trim();
  if (!name) add("name", "Give the campaign a name.");
  if (name.length > 120) add("name", "Keep the name under 120 characters.");
  if (!isPillarId(input.pillar)) add("pillar", "Choose one of the four pillars.");

  const segmentId = typeof input.segmentId === "string" && input.segmentId ? input.segmentId : null;
  let definition: SegmentRule | null = null;
  if (!segmentId) {
    const parsed = parseSegment(input.definition);
    if (parsed.ok) definition = parsed.rule;
    else add("definition", formatSegmentErrors(parsed.errors));
  }

  const trigger = triggerSchema.safeParse(input.trigger);
  if (!trigger.success)
    add("trigger", ...trigger.error.issues.map((i) => `${i.path.join(".") || "trigger"}: ${i.message}`));
  else if (trigger.data.kind === "event" && trigger.data.event === "order_delivered") {
    add("trigger", 'Delivery dates are not synced from Shopify yet: use "order placed" with a delay.');
  }

  const subject = str(input.subject);
  if (!subject.trim()) add("subject", "The subject cannot be empty.");
  if (subject.includes("\n")) add("subject", "The subject must be a single line.");
  add("subject", ...templateErrors(subject, "subject"));
  const body = str(input.body);
  if (!body.trim()) add("body", "The body cannot be empty.");
  add("body", ...templateErrors(body, "body"));
  const ctaUrl = str(input.ctaUrl);
  add("ctaUrl", ...templateErrors(ctaUrl, "ctaUrl", ["cta_url"]));
  const ctaLabel = str(input.ctaLabel);

  const holdoutPercent = input.holdoutPercent ?? 10;
  if (!int(holdoutPercent, 0, 50)) add("holdoutPercent", "Holdout must be a whole percentage from 0 to 50.");
  const attributionDays = input.attributionDays ?? 7;
  if (!int(attributionDays, 1, 90)) add("attributionDays", "Attribution window must be 1 to 90 days.");
  const channel = channelSchema.safeParse(input.channel ?? LEGACY_CHANNEL);
  if (!channel.success) add("channel", ...channel.error.issues.map((i) => i.message));

  if (Object.keys(errors).length > 0 || !trigger.success || !channel.success) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      name,
      pillar: input.pillar as PillarId,
      segmentId,
      definition,
      trigger: trigger.data,
      subject: subject.trim(),
      body,
      ctaLabel,
      ctaUrl: ctaUrl.trim(),
      holdoutPercent: holdoutPercent as number,
      attributionDays: attributionDays as number,
      channel: channel.data,
    },
  };
}
