// What the campaign pages call: create from a pillar, edit with per-field errors, activate and
// pause, preview for a real customer, dry run. Routes stay thin and call these.
import type { AppContext } from "~/runtime/app-context.server";
import type { Db } from "~/db.server";
import { pillarTemplates, validateDraft, type CampaignDraft, type FieldErrors } from "~/campaigns/rules";
import type { Channel } from "~/delivery/rules/channels";
import { pillarSegment, type PillarId } from "~/segments/rules/pillars";
import { explainSegment, type Explanation } from "~/segments/rules";
import { getSegment } from "~/segments/saved.server";
import { loadCustomerFacts } from "~/segments/facts.server";
import { emailSendingVerified, mailEnvFromProcess, type MailEnv } from "~/delivery/sender.server";
import { campaignSegment, getCampaign, toCampaign, type Campaign } from "./store.server";
import { flowChannelBlock } from "~/delivery/flow-state.server";
import { requestActivitySync } from "~/marketing/activity.server";

// status: why the campaign cannot go live as it is (e.g. no Flow workflow uses the trigger).
export type SaveResult = { ok: true; campaign: Campaign } | { ok: false; errors: FieldErrors & { status?: string[] } };

function draftToData(d: CampaignDraft) {
  return {
    name: d.name,
    pillar: d.pillar,
    segmentId: d.segmentId,
    definition: (d.definition ?? {}) as object,
    trigger: d.trigger as object,
    subject: d.subject,
    body: d.body,
    ctaLabel: d.ctaLabel,
    ctaUrl: d.ctaUrl,
    holdoutPercent: d.holdoutPercent,
    attributionDays: d.attributionDays,
    channel: d.channel,
  };
}

async function checkSegmentId(db: Db, shop: string, input: Record<string, unknown>): Promise<FieldErrors> {
  if (typeof input.segmentId !== "string" || !input.segmentId) return {};
  return (await getSegment(db, shop, input.segmentId)) ? {} : { segmentId: ["That saved segment no longer exists."] };
}

export async function validateForShop(
  db: Db,
  shop: string,
  input: Record<string, unknown>,
): Promise<{ ok: true; draft: CampaignDraft } | { ok: false; errors: FieldErrors }> {
  const result = validateDraft(input);
  const segmentErrors = await checkSegmentId(db, shop, input);
  if (result.ok && Object.keys(segmentErrors).length === 0) return result;
  return { ok: false, errors: { ...(result.ok ? {} : result.errors), ...segmentErrors } };
}

/** Creates draft campaigns from a pillar's ready-made templates (all of them, or one by key). */
export async function createFromPillar(
  db: Db,
  shop: string,
  pillar: PillarId,
  templateKey?: string,
  channel?: Channel,
): Promise<Campaign[]> {
  const templates = pillarTemplates(pillar).filter((t) => !templateKey || t.key === templateKey);
  if (templates.length === 0) throw new Error(`no template "${templateKey}" for pillar ${pillar}`);
  const created: Campaign[] = [];
  for (const t of templates) {
    const result = validateDraft({
      name: t.name,
      pillar: t.pillar,
      segmentId: null,
      definition: pillarSegment(t.pillar, t.segmentVariant),
      trigger: t.trigger,
      ...t.message,
      holdoutPercent: t.holdoutPercent,
      attributionDays: t.attributionDays,
      channel,
    });
    if (!result.ok) throw new Error(`template ${t.key} is invalid: ${JSON.stringify(result.errors)}`);
    created.push(
      toCampaign(await db.prisma.campaign.create({ data: { shop, status: "draft", ...draftToData(result.draft) } })),
    );
  }
  return created;
}

export async function createCampaign(db: Db, shop: string, input: Record<string, unknown>): Promise<SaveResult> {
  const result = await validateForShop(db, shop, input);
  if (!result.ok) return result;
  return {
    ok: true,
    campaign: toCampaign(
      await db.prisma.campaign.create({ data: { shop, status: "draft", ...draftToData(result.draft) } }),
    ),
  };
}

/** Saves the whole edited campaign; nothing is written when any field is invalid. */
export async function updateCampaign(
  db: Db,
  shop: string,
  id: string,
  input: Record<string, unknown>,
): Promise<SaveResult | null> {
  const existing = await getCampaign(db, shop, id);
  if (!existing) return null;
  const result = await validateForShop(db, shop, { ...existing, ...input });
  if (!result.ok) return result;
  return {
    ok: true,
    campaign: toCampaign(
      await db.prisma.campaign.update({ where: { shop_id: { shop, id } }, data: draftToData(result.draft) }),
    ),
  };
}

/** Activates after re-validating; the first activation time bounds nothing but is kept for results. */
export async function activateCampaign(
  ctx: Pick<AppContext, "db" | "queue" | "now">,
  shop: string,
  id: string,
  mail?: MailEnv,
): Promise<SaveResult | null> {
  const existing = await getCampaign(ctx.db, shop, id);
  if (!existing) return null;
  const check = await validateForShop(ctx.db, shop, { ...existing });
  if (!check.ok) return check;
  // Flow channels need a turned-on workflow using the trigger (decision 0180).
  const flowBlock = await flowChannelBlock(ctx.db, shop, id);
  if (flowBlock) return flowBlock;
  if (existing.channel === "email") {
    // Decision 0171: no email campaign goes live on a sender that has not delivered a test email.
    const sender = await emailSendingVerified(ctx.db, shop, mail ?? mailEnvFromProcess());
    if (!sender.verified)
      return {
        ok: false,
        errors: {
          channel: [
            sender.problem ??
              "Email sending is not verified: send a test email in Settings → Email sender, then activate again.",
          ],
        },
      };
  }
  const row = await ctx.db.prisma.campaign.update({
    where: { shop_id: { shop, id } },
    data: { status: "active", activatedAt: existing.activatedAt ?? ctx.now() },
  });
  await ctx.queue.enqueue(
    "campaigns.tick",
    { shop },
    { jobKey: `campaigns.tick:${shop}:activate`, queueName: `campaigns:${shop}` },
  );
  // Its Shopify marketing activity, from a job (decision 0175): activation never waits on Shopify.
  await requestActivitySync(ctx, shop, row, "ACTIVE");
  return { ok: true, campaign: toCampaign(row) };
}

/**
 * Paused campaigns create no messages and their pending messages wait (they are not dropped). A
 * campaign that was live has its Shopify marketing activity paused too (decision 0175).
 */
export async function pauseCampaign(
  ctx: Pick<AppContext, "db" | "queue">,
  shop: string,
  id: string,
): Promise<Campaign | null> {
  const existing = await getCampaign(ctx.db, shop, id);
  if (!existing) return null;
  const row = await ctx.db.prisma.campaign.update({ where: { shop_id: { shop, id } }, data: { status: "paused" } });
  if (row.activatedAt) await requestActivitySync(ctx, shop, row, "PAUSED");
  return toCampaign(row);
}

export interface MembershipExplanation {
  member: boolean;
  explanation: Explanation | null;
}

export async function explainMembership(
  db: Db,
  shop: string,
  draft: Pick<CampaignDraft, "segmentId" | "definition">,
  customerId: string,
  now: Date,
): Promise<MembershipExplanation> {
  const rule = await campaignSegment(db, shop, draft);
  const facts = await loadCustomerFacts(db, shop, customerId, now);
  if (!facts) return { member: false, explanation: null };
  const explanation = explainSegment(rule, facts, now);
  return { member: explanation.matched, explanation };
}

export { getCampaign, listCampaigns } from "./store.server";
