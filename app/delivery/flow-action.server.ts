// The "Send a Rapport message" Flow action (decision 0182): the route checks the call and queues
// `flow.runAction`; this makes that customer's Message for the chosen campaign through the same
// guardrails as every other message (planMessages: consent, frequency cap, quiet hours, holdout)
// and hands it to the outbox, which sends it by the campaign's channel. One Message per Flow
// action run: its triggerKey is `flow-action:<action_run_id>` under the (campaign, customer,
// triggerKey) unique key, so Flow's retries of the same run change nothing.
import type { AppContext } from "~/runtime/app-context.server";
import type { Db } from "~/db.server";
import { DAY_MS } from "~/campaigns/rules";
import { planMessages, writeMessages } from "~/campaigns/materialise.server";
import { getCampaign, shopInfo } from "~/campaigns/store.server";
import { actionTriggerKey } from "./rules/flow/action";

/** How long a message asked for by an automation may wait for quiet hours or the cap before it lapses. */
export const ACTION_VALID_MS = 2 * DAY_MS;

export type CampaignLookup = { ok: true; id: string } | { ok: false; message: string };

/** The action's Campaign field names a campaign by id or by its exact name (case and spaces aside). */
export async function findActionCampaign(db: Db, shop: string, value: string): Promise<CampaignLookup> {
  const wanted = value.trim();
  const rows = await db.prisma.campaign.findMany({
    where: { shop, OR: [{ id: wanted }, { name: { equals: wanted, mode: "insensitive" } }] },
    select: { id: true, status: true, name: true },
  });
  const byId = rows.find((r) => r.id === wanted);
  const hits = byId ? [byId] : rows;
  if (hits.length === 0)
    return { ok: false, message: `No Rapport campaign is called “${wanted}”. Enter a campaign's exact name or id.` };
  if (hits.length > 1)
    return { ok: false, message: `${hits.length} Rapport campaigns are called “${wanted}”. Enter the campaign's id.` };
  if (hits[0].status !== "active")
    return {
      ok: false,
      message: `The Rapport campaign “${hits[0].name}” is ${hits[0].status}. Activate it in Rapport to send it from an automation.`,
    };
  return { ok: true, id: hits[0].id };
}

export interface ActionRun {
  shop: string;
  campaignId: string;
  customerId: string;
  actionRunId: string;
}

export type ActionOutcome =
  | { created: true; status: string; reason: string | null }
  | { created: false; why: "duplicate" | "unknown_customer" | "campaign_gone" };

export async function runFlowAction(ctx: Pick<AppContext, "db" | "now">, run: ActionRun): Promise<ActionOutcome> {
  const now = ctx.now();
  const campaign = await getCampaign(ctx.db, run.shop, run.campaignId);
  if (!campaign) return { created: false, why: "campaign_gone" };
  const info = await shopInfo(ctx.db, run.shop);
  const candidate = {
    customerId: run.customerId,
    triggerKey: actionTriggerKey(run.actionRunId),
    dueAt: now,
    validUntil: new Date(now.getTime() + ACTION_VALID_MS),
    context: {},
  };
  const planned = await planMessages(ctx.db, info, campaign, [candidate], now);
  if (planned.length === 0) {
    const seen = await ctx.db.prisma.message.count({
      where: { campaignId: campaign.id, customerId: BigInt(run.customerId), triggerKey: candidate.triggerKey },
    });
    return { created: false, why: seen > 0 ? "duplicate" : "unknown_customer" };
  }
  const inserted = await writeMessages(ctx.db, run.shop, campaign.id, planned, now);
  if (inserted === 0) return { created: false, why: "duplicate" };
  const { decision } = planned[0];
  return {
    created: true,
    status: decision.status,
    reason: decision.status === "pending" ? null : decision.reason,
  };
}
