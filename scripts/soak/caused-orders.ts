// Message-caused orders (the simulator's truth) that attribution cannot count, and why not.
// The attribution rule counts orders placed after the message was sent, and the app knows a
// Flow message was sent when Shopify acknowledged the trigger (`sentAt`). The simulator places
// a caused order from the moment it received the trigger, so two kinds of caused order are
// beyond any attribution: one placed while the trigger's request was still being answered
// (after `callStartedAt`, at or before `sentAt`), and one whose trigger Shopify took but whose
// outcome the app never learned (a timeout or a worker killed mid-call: recorded failed,
// "outcome unknown", never resent). Every other caused order must be attributed.
import type { Db } from "~/db.server";
import type { FlowTriggerRecord } from "~sim/store/recorder";
import type { MessageOrderTruth } from "./sim-client";

interface Handed {
  status: string;
  callStartedAt: Date;
  sentAt: Date | null;
}

export interface CausedMisses {
  unexplained: MessageOrderTruth[];
  placedDuringSend: number;
  sendUnconfirmed: number;
}

export async function explainCausedMisses(
  db: Db,
  shop: string,
  missed: readonly MessageOrderTruth[],
  triggers: readonly FlowTriggerRecord[],
): Promise<CausedMisses> {
  const result: CausedMisses = { unexplained: [], placedDuringSend: 0, sendUnconfirmed: 0 };
  if (missed.length === 0) return result;
  const { rows } = await db.pool.query<Handed & { customerId: string; campaign: string }>(
    `SELECT m."customerId"::text AS "customerId", c.name AS campaign, m.status, m."callStartedAt", m."sentAt"
       FROM "Message" m JOIN "Campaign" c ON c.shop = m.shop AND c.id = m."campaignId"
      WHERE m.shop = $1 AND c.channel <> 'email' AND m."callStartedAt" IS NOT NULL`,
    [shop],
  );
  const handed = new Map<string, Handed[]>();
  for (const r of rows)
    handed.set(`${r.customerId}|${r.campaign}`, [...(handed.get(`${r.customerId}|${r.campaign}`) ?? []), r]);
  const bySeq = new Map(triggers.map((t) => [t.seq, t]));
  for (const order of missed) {
    const trigger = order.causedBy === null ? undefined : bySeq.get(order.causedBy);
    const campaign = String((trigger?.payload as { Campaign?: unknown } | undefined)?.Campaign);
    // The message whose call was under way when Shopify took the trigger: the latest one started by then.
    const cause = trigger
      ? (handed.get(`${order.customerId}|${campaign}`) ?? [])
          .filter((m) => m.callStartedAt.getTime() <= trigger.at)
          .sort((a, b) => b.callStartedAt.getTime() - a.callStartedAt.getTime())[0]
      : undefined;
    if (cause && cause.status !== "sent") result.sendUnconfirmed++;
    else if (cause?.sentAt && Date.parse(order.processedAt) <= cause.sentAt.getTime()) result.placedDuringSend++;
    else result.unexplained.push(order);
  }
  return result;
}
