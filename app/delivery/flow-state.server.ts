// Whether the shop has a turned-on Flow workflow / marketing automation using the "Rapport
// message" trigger, as Flow's trigger lifecycle callback last said (decision 0180), and the
// activation guard for the two channels that hand messages to Shopify through that trigger.
import type { Db } from "~/db.server";
import { activationBlock, type FlowTriggerState, type LifecyclePayload } from "./rules/flow/lifecycle";

/**
 * Stores the callback unless a newer one is already stored (Shopify: newer timestamps take
 * precedence); returns whether it was applied. One statement, so concurrent callbacks for the
 * same shop and trigger cannot interleave between a read and a write.
 */
export async function recordLifecycle(db: Db, payload: LifecyclePayload, now: Date): Promise<boolean> {
  const result = await db.pool.query(
    `INSERT INTO "FlowTriggerState" (shop, "triggerDefinitionId", "hasEnabledFlow", "stateAt", "receivedAt")
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (shop, "triggerDefinitionId") DO UPDATE
        SET "hasEnabledFlow" = EXCLUDED."hasEnabledFlow", "stateAt" = EXCLUDED."stateAt", "receivedAt" = EXCLUDED."receivedAt"
      WHERE "FlowTriggerState"."stateAt" < EXCLUDED."stateAt"`,
    [
      payload.shopify_domain,
      payload.flow_trigger_definition_id,
      payload.has_enabled_flow,
      new Date(payload.timestamp),
      now,
    ],
  );
  return (result.rowCount ?? 0) === 1;
}

/**
 * The shop's state: on when any of its triggers has an enabled workflow (the app has one trigger;
 * the id Flow sends for it is not pinned down by the docs, so it is not matched by value). Since:
 * the latest change in that direction. Null: Flow has never called.
 */
export async function flowTriggerState(db: Db, shop: string): Promise<FlowTriggerState | null> {
  const rows = await db.prisma.flowTriggerState.findMany({ where: { shop }, orderBy: { stateAt: "desc" } });
  if (rows.length === 0) return null;
  const on = rows.filter((r) => r.hasEnabledFlow);
  return on.length > 0
    ? { hasEnabledFlow: true, stateAt: on[0].stateAt }
    : { hasEnabledFlow: false, stateAt: rows[0].stateAt };
}

/** Field errors for activateCampaign when the campaign is on a Flow channel and no workflow is on. */
export async function flowChannelBlock(
  db: Db,
  shop: string,
  campaignId: string,
): Promise<{ ok: false; errors: { status: string[] } } | null> {
  const row = await db.prisma.campaign.findFirst({ where: { shop, id: campaignId }, select: { channel: true } });
  if (!row) return null;
  const reason = activationBlock(row.channel, await flowTriggerState(db, shop));
  return reason ? { ok: false, errors: { status: [reason] } } : null;
}

/** For Settings: on/off and since when, as plain JSON. */
export async function flowWorkflowView(db: Db, shop: string): Promise<{ on: boolean | null; since: string | null }> {
  const state = await flowTriggerState(db, shop);
  return { on: state ? state.hasEnabledFlow : null, since: state ? state.stateAt.toISOString() : null };
}

/** The campaign's delivery channel ("email" | "shopify_email" | "flow"), or null when it is gone. */
export async function campaignChannel(db: Db, shop: string, campaignId: string): Promise<string | null> {
  const row = await db.prisma.campaign.findFirst({ where: { shop, id: campaignId }, select: { channel: true } });
  return row?.channel ?? null;
}

/** Every campaign's channel, for the labels of reports ("Sent" / "Handed to Shopify"). */
export async function campaignChannels(db: Db, shop: string): Promise<Record<string, string>> {
  const rows = await db.prisma.campaign.findMany({ where: { shop }, select: { id: true, channel: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.channel]));
}
