// The editor's live preview (the unsaved template rendered for a chosen customer) and the dry
// run (who would get the message now, and what the guardrails would decide for each).
import type { AppContext } from "~/context.server";
import { decide } from "~/domain/guardrails";
import { renderMessage, validateTemplate, type RenderedMessage } from "~/domain/messages";
import { parseSegment } from "~/domain/segments";
import { readSettings } from "~/domain/settings";
import { listMembers, type MemberPreview } from "~/segments/members.server";
import { getSegment } from "~/segments/saved.server";
import { loadMessageFacts } from "./message-facts.server";

export type PreviewResult =
  | { ok: true; customerId: string; message: RenderedMessage }
  | { ok: false; errors: Partial<Record<"subject" | "body" | "ctaUrl" | "customerId", string>> };

export async function previewMessage(
  ctx: AppContext, shop: string, campaignId: string, input: { customerId: string; subject: string; body: string; ctaUrl: string },
): Promise<PreviewResult> {
  const errors: Partial<Record<"subject" | "body" | "ctaUrl" | "customerId", string>> = {};
  for (const field of ["subject", "body", "ctaUrl"] as const) {
    const check = validateTemplate(input[field], { exclude: field === "ctaUrl" ? ["cta_url"] : [] });
    if (!check.ok) errors[field] = check.errors.map((e) => `Line ${e.line}: ${e.message}`).join("; ");
  }
  if (!/^\d{1,19}$/.test(input.customerId)) errors.customerId = "Choose a customer to preview for";
  if (Object.keys(errors).length) return { ok: false, errors };
  const campaign = await ctx.db.prisma.campaign.findFirst({ where: { shop, id: campaignId }, select: { name: true } });
  const facts = await loadMessageFacts(ctx, shop, BigInt(input.customerId), campaign?.name ?? "");
  if (!facts) return { ok: false, errors: { customerId: "This customer doesn't exist or was erased" } };
  return { ok: true, customerId: input.customerId, message: renderMessage(input, facts) };
}

async function campaignRule(ctx: AppContext, shop: string, campaign: { segmentId: string | null; definition: unknown }) {
  if (campaign.segmentId) return (await getSegment(ctx.db, shop, campaign.segmentId))?.definition ?? null;
  const parsed = parseSegment(campaign.definition);
  return parsed.ok ? parsed.rule : null;
}

/** Customers currently in the campaign's segment (for the preview picker). */
export async function sampleRecipients(ctx: AppContext, shop: string, campaignId: string, limit = 20): Promise<MemberPreview[]> {
  const campaign = await ctx.db.prisma.campaign.findFirst({ where: { shop, id: campaignId } });
  const rule = campaign && (await campaignRule(ctx, shop, campaign));
  if (!rule) return [];
  return (await listMembers(ctx.db, shop, rule, ctx.now(), { limit })).members;
}

export interface DryRunRow {
  customerId: string;
  name: string;
  email: string | null;
  outcome: "send" | "held_out" | "suppressed";
  detail: string;
}

export async function dryRun(ctx: AppContext, shop: string, campaignId: string, limit = 50): Promise<{ rows: DryRunRow[]; more: boolean } | null> {
  const campaign = await ctx.db.prisma.campaign.findFirst({ where: { shop, id: campaignId } });
  if (!campaign) return null;
  const rule = await campaignRule(ctx, shop, campaign);
  if (!rule) return { rows: [], more: false };
  const now = ctx.now();
  const page = await listMembers(ctx.db, shop, rule, now, { limit });
  const ids = page.members.map((m) => BigInt(m.customerId));
  const [shopRow, customers, recent] = await Promise.all([
    ctx.db.prisma.shop.findUnique({ where: { domain: shop } }),
    ctx.db.prisma.customer.findMany({ where: { shop, id: { in: ids } }, select: { id: true, emailMarketing: true, email: true, timezone: true } }),
    ctx.db.prisma.message.findMany({ where: { shop, customerId: { in: ids }, status: { in: ["sent", "pending", "sending"] } }, select: { customerId: true, sentAt: true, scheduledFor: true } }),
  ]);
  const settings = readSettings(shopRow?.settings);
  const rows = page.members.map((m): DryRunRow => {
    const c = customers.find((x) => x.id.toString() === m.customerId);
    const decision = decide({
      campaignId: campaign.id,
      customerId: BigInt(m.customerId),
      holdoutPercent: campaign.holdoutPercent,
      dueAt: now,
      validUntil: new Date(now.getTime() + 3 * 86_400_000),
      emailMarketing: c?.emailMarketing ?? null,
      email: c?.email ?? null,
      customerTimeZone: c?.timezone ?? null,
      shopTimeZone: shopRow?.ianaTimezone ?? null,
      otherMessages: recent.filter((r) => r.customerId.toString() === m.customerId).map((r) => r.sentAt ?? r.scheduledFor),
      settings,
    });
    const base = { customerId: m.customerId, name: m.displayName, email: m.email };
    if (decision.status === "held_out") return { ...base, outcome: "held_out", detail: "In the holdout group: not messaged, so the lift can be measured" };
    if (decision.status === "suppressed") return { ...base, outcome: "suppressed", detail: decision.reason };
    const when = decision.scheduledFor.getTime() === now.getTime() ? "now" : decision.scheduledFor.toISOString().replace("T", " ").slice(0, 16) + " UTC";
    const why = decision.adjustments.length ? ` (moved by ${decision.adjustments.join(" and ").replaceAll("_", " ")})` : "";
    return { ...base, outcome: "send", detail: `Would be sent ${when}${why}` };
  });
  return { rows, more: page.nextCursor !== null };
}
