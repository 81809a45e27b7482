// Reads the setup guide's facts for a shop and stores what the guide remembers (Shop.settings.setupGuide).
import type { Db } from "~/db.server";
import { emailSendingVerified, type MailEnv } from "~/delivery/sender.server";
import { flowTriggerState } from "~/delivery/flow-state.server";
import { setupGuide, readGuideMemory, type GuideFacts, type GuideIntent, type SetupGuide } from "./setup-guide";

export async function guideFacts(db: Db, shop: string, mail: MailEnv): Promise<GuideFacts> {
  const [sync, sender, flow, campaigns, draft, activated] = await Promise.all([
    db.prisma.syncRun.findFirst({
      where: { shop, kind: "backfill" },
      orderBy: { startedAt: "desc" },
      select: { status: true },
    }),
    emailSendingVerified(db, shop, mail),
    flowTriggerState(db, shop),
    db.prisma.campaign.count({ where: { shop } }),
    db.prisma.campaign.findFirst({
      where: { shop, status: "draft" },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    }),
    db.prisma.campaign.count({ where: { shop, OR: [{ status: "active" }, { activatedAt: { not: null } }] } }),
  ]);
  return {
    syncStatus: sync?.status ?? null,
    emailVerified: sender.verified,
    flowWorkflowOn: flow?.hasEnabledFlow === true,
    campaigns,
    firstDraftId: draft?.id ?? null,
    activatedCampaigns: activated,
  };
}

// One statement per change, so other settings saved at the same moment are kept (as storeSender).
async function setMemory(db: Db, shop: string, patch: Record<string, unknown>): Promise<void> {
  await db.pool.query(
    `UPDATE "Shop" SET settings = jsonb_set(COALESCE(settings::jsonb, '{}'::jsonb), '{setupGuide}',
       COALESCE(settings::jsonb -> 'setupGuide', '{}'::jsonb) || $2::jsonb) WHERE domain = $1`,
    [shop, JSON.stringify(patch)],
  );
}

/** The guide for Home; the first visit that sees every step done remembers it. */
export async function loadSetupGuide(db: Db, shop: string, mail: MailEnv, now: Date): Promise<SetupGuide> {
  const [facts, row] = await Promise.all([
    guideFacts(db, shop, mail),
    db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } }),
  ]);
  const guide = setupGuide(facts, readGuideMemory(row?.settings));
  if (guide.rememberCompletion) await setMemory(db, shop, { completedAt: now.toISOString() });
  return guide;
}

export async function applyGuideIntent(db: Db, shop: string, intent: GuideIntent): Promise<void> {
  await setMemory(db, shop, intent === "dismiss" ? { dismissed: true } : { folded: intent === "fold" });
}
