// Preview for one real customer and the dry run over everyone the trigger fires for now.
import type { Db } from "~/db.server";
import type { CampaignDraft } from "~/campaigns/rules";
import { emailConsent, effectiveTimeZone, isHeldOut, type ConsentResult } from "~/delivery/rules/guardrails";
import { renderMessage, type RenderedMessage } from "~/campaigns/rules/messages";
import { dueCandidates } from "./candidates.server";
import { planMessages } from "./materialise.server";
import { loadRecipients } from "./recipients.server";
import { explainMembership, type MembershipExplanation } from "./service.server";
import { campaignSegment, getCampaign, shopInfo, type Campaign } from "./store.server";

/** A saved campaign's id, or an unsaved draft (holdout assignment then uses the id "draft"). */
export type CampaignRef = string | (CampaignDraft & { id?: string });

async function resolve(db: Db, shop: string, ref: CampaignRef): Promise<Campaign> {
  if (typeof ref === "string") {
    const found = await getCampaign(db, shop, ref);
    if (!found) throw new Error(`campaign ${ref} not found`);
    return found;
  }
  const epoch = new Date(0);
  return {
    ...ref,
    id: ref.id ?? "draft",
    shop,
    status: "draft",
    activatedAt: null,
    createdAt: epoch,
    updatedAt: epoch,
  };
}

export interface Preview {
  customerId: string;
  rendered: RenderedMessage | null;
  renderError: string | null;
  segment: MembershipExplanation;
  consent: ConsentResult;
  heldOut: boolean;
  timeZone: string;
}

export async function previewMessage(
  db: Db,
  shop: string,
  ref: CampaignRef,
  customerId: string,
  now: Date,
): Promise<Preview | null> {
  const campaign = await resolve(db, shop, ref);
  const info = await shopInfo(db, shop);
  const recipient = (await loadRecipients(db, info, campaign.name, [{ customerId, context: {} }], now)).get(customerId);
  if (!recipient) return null;
  let rendered: RenderedMessage | null = null;
  let renderError: string | null = null;
  try {
    rendered = renderMessage(campaign, recipient.facts);
  } catch (error) {
    renderError = error instanceof Error ? error.message : String(error);
  }
  return {
    customerId,
    rendered,
    renderError,
    segment: await explainMembership(db, shop, campaign, customerId, now),
    consent: emailConsent(recipient.emailMarketing, recipient.email),
    heldOut: isHeldOut(campaign.id, BigInt(customerId), campaign.holdoutPercent),
    timeZone: effectiveTimeZone(recipient.timeZone, info.timeZone),
  };
}

export interface DryRunRow {
  customerId: string;
  triggerKey: string;
  status: "pending" | "held_out" | "suppressed";
  scheduledFor: string;
  reason: string | null;
  subject: string | null;
  ctaUrl: string | null;
}

export interface DryRun {
  asOf: string;
  candidates: number;
  alreadyMessaged: number;
  counts: Record<string, number>;
  suppressedBy: Record<string, number>;
  rows: DryRunRow[];
}

/** Who the trigger fires for as of `now`, what each would get and who is held back and why. Writes nothing. */
export async function dryRun(db: Db, shop: string, ref: CampaignRef, now: Date, limit = 200): Promise<DryRun> {
  const campaign = await resolve(db, shop, ref);
  const info = await shopInfo(db, shop);
  const rule = await campaignSegment(db, shop, campaign);
  const candidates = await dueCandidates(db, shop, campaign.trigger, rule, now, info.timeZone);
  const planned = await planMessages(db, info, campaign, candidates, now);
  const counts: Record<string, number> = {};
  const suppressedBy: Record<string, number> = {};
  for (const p of planned) {
    counts[p.decision.status] = (counts[p.decision.status] ?? 0) + 1;
    if (p.decision.status === "suppressed") {
      const key = p.decision.reason.split(":")[0];
      suppressedBy[key] = (suppressedBy[key] ?? 0) + 1;
    }
  }
  return {
    asOf: now.toISOString(),
    candidates: candidates.length,
    alreadyMessaged: candidates.length - planned.length,
    counts,
    suppressedBy,
    rows: planned.slice(0, limit).map((p) => ({
      customerId: p.candidate.customerId,
      triggerKey: p.candidate.triggerKey,
      status: p.decision.status,
      scheduledFor: p.decision.scheduledFor.toISOString(),
      reason:
        p.decision.status === "pending"
          ? p.decision.adjustments.length
            ? `deferred: ${p.decision.adjustments.join(", ")}`
            : null
          : p.decision.reason,
      subject: p.rendered?.subject ?? null,
      ctaUrl: p.rendered?.ctaUrl ?? null,
    })),
  };
}
