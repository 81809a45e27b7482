// Which customers a campaign's trigger has fired for as of `now`, restricted to the campaign's
// segment evaluated at that moment. A trigger event is due from its due time until the end of
// its validity window; events older than that are never materialised (no surprise backlog when
// a campaign is activated).
import type { Db } from "~/db.server";
import { DAY_MS, latestOccurrence, triggerKeys, validDaysOf, type Trigger } from "~/campaigns/rules";
import { SqlParams } from "~/db/params";
import { compileSegmentSql, type SegmentRule } from "~/segments/rules";
import { listMemberIds } from "~/segments/members.server";
import type { TriggerContext } from "./recipients.server";
import { countedOrderSql } from "~/profile/rules/counted-order";

export interface Candidate {
  customerId: string;
  triggerKey: string;
  dueAt: Date;
  validUntil: Date;
  context: TriggerContext;
}

interface Raw {
  customerId: string;
  triggerKey: string;
  dueAt: Date;
  context: TriggerContext;
}

const CHUNK = 10_000;

async function segmentFilter(db: Db, shop: string, rule: SegmentRule, now: Date, ids: string[]): Promise<Set<string>> {
  const members = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const params = new SqlParams();
    const sql = compileSegmentSql(rule, { shop, now, params });
    const chunk = params.add(ids.slice(i, i + CHUNK), "int8[]");
    const result = await db.pool.query<{ id: string }>(
      `SELECT m."customerId"::text AS id FROM (${sql.text}) m WHERE m."customerId" = ANY(${chunk})`,
      params.values,
    );
    for (const r of result.rows) members.add(r.id);
  }
  return members;
}

async function eventEvents(
  db: Db,
  shop: string,
  trigger: Extract<Trigger, { kind: "event" }>,
  now: Date,
  validMs: number,
): Promise<Raw[]> {
  const delayMs = trigger.delayDays * DAY_MS;
  const { rows } = await db.pool.query<{ customerId: string; orderId: string; processedAt: Date }>(
    `SELECT "customerId"::text AS "customerId", id::text AS "orderId", "processedAt" FROM "Order"
      WHERE shop = $1 AND "customerId" IS NOT NULL AND ${countedOrderSql()}
        AND "processedAt" > $2 AND "processedAt" <= $3
      ORDER BY "processedAt"`,
    [shop, new Date(now.getTime() - delayMs - validMs), new Date(now.getTime() - delayMs)],
  );
  return rows.map((r) => ({
    customerId: r.customerId,
    triggerKey: trigger.once ? triggerKeys.once() : triggerKeys.order(r.orderId),
    dueAt: new Date(r.processedAt.getTime() + delayMs),
    context: { orderId: r.orderId },
  }));
}

/**
 * A milestone is news only when Rapport saw it happen: recorded (CustomerMilestone.recordedAt) at
 * most this long after it was reached. The daily recompute records an anniversary within a day, an
 * order webhook's refresh within minutes (Shopify retries a failed delivery for hours); the first
 * sync, a late backfill or a rebuilt history record long-past milestones, which never send
 * (docs/decisions/0191).
 */
export const MILESTONE_FOUND_WITHIN_MS = 2 * DAY_MS;

async function milestoneEvents(
  db: Db,
  shop: string,
  trigger: Extract<Trigger, { kind: "milestone" }>,
  now: Date,
  validMs: number,
): Promise<Raw[]> {
  const { rows } = await db.pool.query<{ customerId: string; kind: string; threshold: string; reachedAt: Date }>(
    `SELECT "customerId"::text AS "customerId", kind, threshold::text AS threshold, "reachedAt" FROM "CustomerMilestone"
      WHERE shop = $1 AND "reachedAt" > $2 AND "reachedAt" <= $3 AND ($4::text IS NULL OR kind = $4) AND threshold >= $5
        AND "recordedAt" <= "reachedAt" + $6::interval
      ORDER BY "reachedAt"`,
    [
      shop,
      new Date(now.getTime() - validMs),
      now,
      trigger.milestone === "any" ? null : trigger.milestone,
      trigger.minThreshold ?? 0,
      `${MILESTONE_FOUND_WITHIN_MS} milliseconds`,
    ],
  );
  return rows.map((r) => {
    const threshold = String(Number(r.threshold));
    return {
      customerId: r.customerId,
      triggerKey: triggerKeys.milestone(r.kind, threshold),
      dueAt: r.reachedAt,
      context: { milestone: { kind: r.kind, threshold, reachedAt: r.reachedAt } },
    };
  });
}

async function relaunchEvents(db: Db, shop: string, now: Date, validMs: number): Promise<Raw[]> {
  const { rows } = await db.pool.query<{ customerId: string; productId: string; relaunchedAt: Date }>(
    `SELECT DISTINCT r."customerId"::text AS "customerId", m."productId"::text AS "productId", m."relaunchedAt"
       FROM "ProductMapping" m JOIN "ReturnLineItem" r ON r.shop = m.shop AND r."productId" = m."productId"
      WHERE m.shop = $1 AND m."relaunchedAt" > $2 AND m."relaunchedAt" <= $3 AND r."createdAt" < m."relaunchedAt" AND r."customerId" IS NOT NULL`,
    [shop, new Date(now.getTime() - validMs), now],
  );
  return rows.map((r) => ({
    customerId: r.customerId,
    triggerKey: triggerKeys.relaunch(r.productId, r.relaunchedAt),
    dueAt: r.relaunchedAt,
    context: { relaunchedProductId: r.productId },
  }));
}

async function scheduleEvents(
  db: Db,
  shop: string,
  rule: SegmentRule,
  trigger: Extract<Trigger, { kind: "schedule" }>,
  now: Date,
  validMs: number,
  timeZone: string,
): Promise<Raw[]> {
  const occurrence = latestOccurrence(now, trigger.time, trigger.weekdays, timeZone);
  if (!occurrence || occurrence.getTime() <= now.getTime() - validMs) return [];
  const out: Raw[] = [];
  let cursor: string | null = null;
  do {
    const page = await listMemberIds(db, shop, rule, now, { limit: 10_000, cursor });
    for (const id of page.customerIds)
      out.push({ customerId: id, triggerKey: triggerKeys.schedule(occurrence), dueAt: occurrence, context: {} });
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export async function dueCandidates(
  db: Db,
  shop: string,
  trigger: Trigger,
  rule: SegmentRule,
  now: Date,
  shopTimeZone: string,
): Promise<Candidate[]> {
  const validMs = validDaysOf(trigger) * DAY_MS;
  let raw: Raw[];
  switch (trigger.kind) {
    case "event":
      raw = await eventEvents(db, shop, trigger, now, validMs);
      break;
    case "milestone":
      raw = await milestoneEvents(db, shop, trigger, now, validMs);
      break;
    case "relaunch":
      raw = await relaunchEvents(db, shop, now, validMs);
      break;
    case "schedule":
      raw = await scheduleEvents(db, shop, rule, trigger, now, validMs, shopTimeZone);
      break;
  }
  // One candidate per (customer, trigger event): the earliest wins.
  const unique = new Map<string, Raw>();
  for (const r of raw)
    if (!unique.has(`${r.customerId}|${r.triggerKey}`)) unique.set(`${r.customerId}|${r.triggerKey}`, r);
  const list = [...unique.values()];
  const members =
    trigger.kind === "schedule"
      ? null
      : await segmentFilter(db, shop, rule, now, [...new Set(list.map((r) => r.customerId))]);
  return list
    .filter((r) => !members || members.has(r.customerId))
    .map((r) => ({ ...r, validUntil: new Date(r.dueAt.getTime() + validMs) }));
}
