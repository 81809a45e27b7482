// The editor's live preview (unsaved edits rendered for a chosen customer, through the campaign
// service) and the dry run with customer names for display.
import { campaignChannel } from "~/delivery/flow-state.server";
import { isFlowChannel } from "~/delivery/rules/flow/lifecycle";
import { previewMessage as servicePreview, dryRun as serviceDryRun } from "~/campaigns/preview.server";
import { validateForShop } from "~/campaigns/service.server";
import { campaignSegment, getCampaign } from "~/campaigns/store.server";
import type { AppContext } from "~/runtime/app-context.server";
import type { CampaignDraft } from "~/campaigns/rules";
import { parseRecordId, parseShopifyId } from "~/shared/ids";
import type { RenderedMessage } from "~/campaigns/rules/messages";
import { listMembers, type MemberPreview, displayName } from "~/segments/members.server";

type PreviewField = "subject" | "body" | "ctaUrl" | "customerId";

export type PreviewResult =
  | {
      ok: true;
      customerId: string;
      message: RenderedMessage;
      inSegment: boolean;
      consent: string | null;
      heldOut: boolean;
      timeZone: string;
    }
  | { ok: false; errors: Partial<Record<PreviewField, string>> };

export async function previewMessage(
  ctx: AppContext,
  shop: string,
  campaignId: string,
  input: { customerId: string; subject: string; body: string; ctaUrl: string },
): Promise<PreviewResult> {
  const id = parseRecordId(campaignId);
  const campaign = id && (await getCampaign(ctx.db, shop, id));
  if (!campaign) return { ok: false, errors: { customerId: "This campaign no longer exists" } };
  const checked = await validateForShop(ctx.db, shop, {
    ...campaign,
    subject: input.subject,
    body: input.body,
    ctaUrl: input.ctaUrl,
  });
  if (!checked.ok) {
    const errors: Partial<Record<PreviewField, string>> = {};
    for (const field of ["subject", "body", "ctaUrl"] as const)
      if (checked.errors[field]) errors[field] = checked.errors[field]!.join(" ");
    if (Object.keys(errors).length) return { ok: false, errors };
  }
  if (parseShopifyId(input.customerId) === null)
    return { ok: false, errors: { customerId: "Choose a customer to preview for" } };
  const draft: CampaignDraft & { id: string } = { ...(checked.ok ? checked.draft : campaign), id: campaign.id };
  const preview = await servicePreview(ctx.db, shop, draft, input.customerId, ctx.now());
  if (!preview) return { ok: false, errors: { customerId: "This customer doesn't exist or was erased" } };
  if (!preview.rendered)
    return { ok: false, errors: { body: preview.renderError ?? "The message could not be rendered" } };
  return {
    ok: true,
    customerId: preview.customerId,
    message: preview.rendered,
    inSegment: preview.segment.member,
    consent: preview.consent.ok ? null : preview.consent.reason,
    heldOut: preview.heldOut,
    timeZone: preview.timeZone,
  };
}

/** Customers in the campaign's audience now, for the preview picker. */
export async function sampleRecipients(
  ctx: AppContext,
  shop: string,
  campaign: Pick<CampaignDraft, "segmentId" | "definition">,
  limit = 20,
): Promise<MemberPreview[]> {
  const rule = await campaignSegment(ctx.db, shop, campaign).catch(() => null);
  if (!rule) return [];
  return (await listMembers(ctx.db, shop, rule, ctx.now(), { limit })).members;
}

export interface DryRunRow {
  customerId: string;
  name: string;
  outcome: "send" | "held_out" | "suppressed";
  detail: string;
  subject: string | null;
}

export interface DryRunView {
  candidates: number;
  alreadyMessaged: number;
  counts: Record<string, number>;
  rows: DryRunRow[];
}

export async function dryRun(
  ctx: AppContext,
  shop: string,
  campaignId: string,
  limit = 50,
): Promise<DryRunView | null> {
  if (!parseRecordId(campaignId) || !(await getCampaign(ctx.db, shop, campaignId))) return null;
  const run = await serviceDryRun(ctx.db, shop, campaignId, ctx.now(), limit);
  // The Flow channels hand the message to Shopify; what reaches the customer is up to its workflow.
  const would = isFlowChannel(await campaignChannel(ctx.db, shop, campaignId)) ? "handed to Shopify" : "sent";
  const ids = [...new Set(run.rows.map((r) => BigInt(r.customerId)))];
  const customers = ids.length
    ? await ctx.db.prisma.customer.findMany({
        where: { shop, id: { in: ids } },
        select: { id: true, firstName: true, lastName: true, email: true },
      })
    : [];
  const names = new Map(
    customers.map((c) => [
      c.id.toString(),
      displayName({ customerId: c.id.toString(), firstName: c.firstName, lastName: c.lastName, email: c.email }),
    ]),
  );
  return {
    candidates: run.candidates,
    alreadyMessaged: run.alreadyMessaged,
    counts: run.counts,
    rows: run.rows.map((r) => ({
      customerId: r.customerId,
      name: names.get(r.customerId) ?? `Customer ${r.customerId}`,
      outcome: r.status === "pending" ? "send" : r.status,
      detail:
        r.status === "held_out"
          ? "In the holdout group: not messaged, so the lift can be measured"
          : r.status === "suppressed"
            ? (r.reason ?? "Skipped")
            : `Would be ${would} ${r.scheduledFor.slice(0, 16).replace("T", " ")} UTC${r.reason ? ` (${r.reason.replaceAll("_", " ")})` : ""}`,
      subject: r.subject,
    })),
  };
}
