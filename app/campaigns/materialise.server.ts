// Turns due trigger events into Message rows: guardrails decide each one's fate (send at a time,
// hold out, suppress with a reason), the template is rendered once, and the row is inserted
// under the (campaign, customer, triggerKey) unique key so re-running a tick changes nothing.
// Runs serialised per shop (queueName campaigns:<shop>) so the cap sees every earlier decision.
import { randomUUID } from "node:crypto";
import type { Db } from "~/db.server";
import { DAY_MS } from "~/campaigns/rules";
import { decide, type GuardrailDecision } from "~/delivery/rules/guardrails";
import { renderMessage, type RenderedMessage } from "~/campaigns/rules/messages";
import type { Candidate } from "./candidates.server";
import { loadRecipients, type Recipient } from "./recipients.server";
import type { Campaign, ShopInfo } from "./store.server";

export interface PlannedMessage {
  candidate: Candidate;
  recipient: Recipient;
  decision: GuardrailDecision;
  rendered: RenderedMessage | null;
  renderError?: string;
}

/** Statuses that occupy a slot in the frequency cap. */
export const CAP_STATUSES = ["pending", "sending", "sent"];

async function alreadyMaterialised(
  db: Db,
  shop: string,
  campaignId: string,
  candidates: Candidate[],
): Promise<Set<string>> {
  const ids = [...new Set(candidates.map((c) => c.customerId))];
  const { rows } = await db.pool.query<{ id: string; key: string }>(
    `SELECT "customerId"::text AS id, "triggerKey" AS key FROM "Message" WHERE shop = $3 AND "campaignId" = $1 AND "customerId" = ANY($2::int8[])`,
    [campaignId, ids, shop],
  );
  return new Set(rows.map((r) => `${r.id}|${r.key}`));
}

async function capTimes(db: Db, shop: ShopInfo, candidates: Candidate[]): Promise<Map<string, Date[]>> {
  const ids = [...new Set(candidates.map((c) => c.customerId))];
  const earliest = Math.min(...candidates.map((c) => c.dueAt.getTime())) - shop.guardrails.capDays * DAY_MS;
  const { rows } = await db.pool.query<{ id: string; t: Date }>(
    `SELECT "customerId"::text AS id, COALESCE("sentAt", "scheduledFor") AS t FROM "Message"
      WHERE shop = $1 AND "customerId" = ANY($2::int8[]) AND status = ANY($3::text[]) AND COALESCE("sentAt", "scheduledFor") > $4`,
    [shop.domain, ids, CAP_STATUSES, new Date(earliest)],
  );
  const out = new Map<string, Date[]>();
  for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), r.t]);
  return out;
}

/** Decides and renders each candidate not yet materialised; writes nothing. */
export async function planMessages(
  db: Db,
  shop: ShopInfo,
  campaign: Campaign,
  candidates: Candidate[],
  now: Date,
): Promise<PlannedMessage[]> {
  if (candidates.length === 0) return [];
  const done = await alreadyMaterialised(db, shop.domain, campaign.id, candidates);
  const fresh = candidates
    .filter((c) => !done.has(`${c.customerId}|${c.triggerKey}`))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  if (fresh.length === 0) return [];
  const [recipients, times] = await Promise.all([
    loadRecipients(
      db,
      shop,
      campaign.name,
      fresh.map((c) => ({ customerId: c.customerId, context: c.context })),
      now,
    ),
    capTimes(db, shop, fresh),
  ]);
  const planned: PlannedMessage[] = [];
  for (const candidate of fresh) {
    const recipient = recipients.get(candidate.customerId);
    if (!recipient) continue; // unknown or redacted: nothing to record
    const other = times.get(candidate.customerId) ?? [];
    // Never earlier than now: a due time in the past is sent at once.
    const dueAt = candidate.dueAt.getTime() < now.getTime() ? now : candidate.dueAt;
    const decision = decide({
      campaignId: campaign.id,
      customerId: BigInt(candidate.customerId),
      holdoutPercent: campaign.holdoutPercent,
      dueAt,
      validUntil: candidate.validUntil,
      emailMarketing: recipient.emailMarketing,
      email: recipient.email,
      customerTimeZone: recipient.timeZone,
      shopTimeZone: shop.timeZone,
      otherMessages: other,
      settings: shop.guardrails,
    });
    if (decision.status === "pending") times.set(candidate.customerId, [...other, decision.scheduledFor]);
    let rendered: RenderedMessage | null = null;
    let renderError: string | undefined;
    if (decision.status !== "suppressed") {
      try {
        rendered = renderMessage(campaign, recipient.facts);
      } catch (error) {
        renderError = error instanceof Error ? error.message : String(error);
      }
    }
    planned.push({ candidate, recipient, decision, rendered, renderError });
  }
  return planned;
}

function rowOf(shop: string, campaignId: string, p: PlannedMessage) {
  const { decision } = p;
  let status: string = decision.status;
  let reason: string | null =
    decision.status === "pending"
      ? decision.adjustments.length
        ? `deferred: ${decision.adjustments.join(", ")}`
        : null
      : decision.reason;
  if (p.renderError) {
    status = "failed";
    reason = `render failed: ${p.renderError}`;
  }
  return {
    id: randomUUID(),
    shop,
    campaignId,
    customerId: p.candidate.customerId,
    triggerKey: p.candidate.triggerKey,
    status,
    reason,
    subject: p.rendered?.subject ?? "",
    body: p.rendered?.body ?? "",
    ctaUrl: p.rendered?.ctaUrl ?? "",
    scheduledFor: decision.scheduledFor.toISOString(),
    dueAt: p.candidate.dueAt.toISOString(),
  };
}

const COLUMNS = [
  "id",
  "shop",
  "campaignId",
  "customerId",
  "triggerKey",
  "status",
  "reason",
  "subject",
  "body",
  "ctaUrl",
  "scheduledFor",
  "dueAt",
] as const;
const TYPES = [
  "text",
  "text",
  "text",
  "int8",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "timestamp",
  "timestamp",
];

/** Inserts planned messages; returns how many were new (a concurrent insert of the same key is skipped). */
export async function writeMessages(
  db: Db,
  shop: string,
  campaignId: string,
  planned: PlannedMessage[],
  now: Date,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < planned.length; i += 5000) {
    const rows = planned.slice(i, i + 5000).map((p) => rowOf(shop, campaignId, p));
    const arrays = COLUMNS.map((c) => rows.map((r) => r[c]));
    const result = await db.pool.query(
      `INSERT INTO "Message" (${COLUMNS.map((c) => `"${c}"`).join(", ")}, "createdAt", "updatedAt")
       SELECT *, $${COLUMNS.length + 1}::timestamp, $${COLUMNS.length + 1}::timestamp FROM unnest(${TYPES.map((t, k) => `$${k + 1}::${t}[]`).join(", ")})
       ON CONFLICT (shop, "campaignId", "customerId", "triggerKey") DO NOTHING`,
      [...arrays, now.toISOString()],
    );
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}
