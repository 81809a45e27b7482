// The soak's verdicts (decision 0210), each a pass/fail with the figures and a few examples:
// 1. webhooks: every delivery Shopify saw acknowledged was processed exactly once (one
//    "webhook processed" line across all processes' logs; none left unprocessed), and the orders
//    the app holds equal the store's (refunds and cancellations included).
// 2. duplicates: no customer got the same message twice (SMTP by Message-ID; Flow triggers per
//    customer and campaign against the messages handed over).
// 3. due: every message due by the end was sent, failed with a reason, suppressed with a reason
//    or held out; none left pending or sending.
// 4. conversions: the app's conversions equal the attribution rule applied to the simulator's own
//    orders and the messages actually sent, every message-caused order included.
// 5. profiles: the profiles after the app's own (incremental) recompute equal a full recompute.
import fs from "node:fs";
import path from "node:path";
import { attributeOrders, type OrderFacts, type Touch } from "~/attribution/rules/attribution";
import type { Db } from "~/db.server";
import { defaultRecomputeOptions, recomputeShop } from "~/profile/recompute.server";
import { memoryLogger } from "~/logger.server";
import { snapshot } from "~tests/support/intelligence-snapshot";
import { explainCausedMisses } from "./caused-orders";
import { diagnoseUnattributed } from "./conversion-diagnosis";
import type { RemoteSimulator } from "./sim-client";
import type { AcceptedMail } from "./smtp";

export interface Check {
  ok: boolean;
  [figure: string]: unknown;
}

const SAMPLE = 5;
const sample = <T>(items: T[]): T[] => items.slice(0, SAMPLE);

/** The store's orders at `asOf` (the simulator's truth, over HTTP) as attribution sees them. */
export async function storeOrders(sim: RemoteSimulator, asOf: Date): Promise<OrderFacts[]> {
  return (await sim.ordersAsOf(asOf)).map((o) => ({
    orderId: BigInt(o.orderId),
    customerId: o.customerId === null ? null : BigInt(o.customerId),
    processedAt: new Date(o.processedAt),
    cancelled: o.cancelled,
    test: o.test,
    total: o.totalCents / 100,
    refunded: o.refundedCents / 100,
  }));
}

/**
 * Completed processings per webhook id, from every process's JSON log lines; and the ids a job
 * found already processed ("webhook body gone": its delivery had been marked processed by then).
 */
export function processedCounts(logDir: string): { counts: Map<string, number>; foundDone: Set<string> } {
  const counts = new Map<string, number>();
  const foundDone = new Set<string>();
  for (const file of fs.readdirSync(logDir)) {
    if (!/^(web|worker)-\d+\.log$/.test(file)) continue;
    for (const line of fs.readFileSync(path.join(logDir, file), "utf8").split("\n")) {
      const done = line.includes('"webhook processed"');
      if (!done && !line.includes('"webhook body gone; nothing to do"')) continue;
      const id = (JSON.parse(line) as { webhookId?: string }).webhookId;
      if (id && done) counts.set(id, (counts.get(id) ?? 0) + 1);
      else if (id) foundDone.add(id);
    }
  }
  return { counts, foundDone };
}

export async function webhooksCheck(
  db: Db,
  sim: RemoteSimulator,
  logDir: string,
  store: readonly OrderFacts[],
): Promise<Check> {
  const deliveries = await sim.deliveries();
  const delivered = deliveries.filter((d) => d.state === "delivered" && !d.duplicate);
  const rows = new Map(
    (
      await db.pool.query<{ webhookId: string; status: string; error: string | null }>(
        `SELECT "webhookId", status, error FROM "WebhookDelivery" WHERE shop = $1`,
        [sim.shop],
      )
    ).rows.map((r) => [r.webhookId, r]),
  );
  const { counts, foundDone } = processedCounts(logDir);
  const missing: string[] = [];
  const unfinished: string[] = [];
  const twice: string[] = [];
  const unconfirmed: string[] = [];
  let completedBeforeKill = 0;
  for (const d of delivered) {
    const row = rows.get(d.webhookId);
    if (!row) missing.push(`${d.topic} ${d.webhookId}`);
    else if (row.status !== "processed" && row.status !== "ignored")
      unfinished.push(`${d.topic} ${d.webhookId}: ${row.status} ${row.error ?? ""}`);
    const n = counts.get(d.webhookId) ?? 0;
    if (n > 1) twice.push(`${d.topic} ${d.webhookId} ×${n}`);
    // Processed, yet no process logged finishing it: one was killed between its commit and its
    // line. A later run of its job that found it already processed shows that commit happened
    // once, and that run did nothing (0210's "unconfirmed" case, resolved).
    if (row?.status === "processed" && n === 0) {
      if (foundDone.has(d.webhookId)) completedBeforeKill++;
      else unconfirmed.push(`${d.topic} ${d.webhookId}`);
    }
  }
  // What the processing left behind: the app's orders against the store's.
  const held = new Map(
    (
      await db.pool.query<{ id: string; refunded: string; cancelled: boolean }>(
        `SELECT id::text, "totalRefunded"::numeric(18,2)::text AS refunded, "cancelledAt" IS NOT NULL AS cancelled FROM "Order" WHERE shop = $1`,
        [sim.shop],
      )
    ).rows.map((r) => [r.id, r]),
  );
  const orderDiffs: string[] = [];
  for (const o of store) {
    const row = held.get(String(o.orderId));
    if (!row) orderDiffs.push(`order ${o.orderId} missing`);
    else if (row.cancelled !== o.cancelled || row.refunded !== o.refunded.toFixed(2))
      orderDiffs.push(
        `order ${o.orderId}: app refunded ${row.refunded} cancelled ${row.cancelled}, store ${o.refunded.toFixed(2)} ${o.cancelled}`,
      );
  }
  const pending = deliveries.filter((d) => d.state !== "delivered").length;
  // What the app answered Shopify, attempt by attempt ("none": no answer in time or refused).
  const answers: Record<string, number> = {};
  for (const d of deliveries)
    for (const a of d.attempts) answers[String(a.status ?? "none")] = (answers[String(a.status ?? "none")] ?? 0) + 1;
  return {
    ok:
      missing.length + unfinished.length + twice.length + unconfirmed.length + orderDiffs.length === 0 && pending === 0,
    sent: deliveries.length,
    delivered: delivered.length,
    duplicatesSentByShopify: deliveries.filter((d) => d.duplicate).length,
    attempts: deliveries.reduce((n, d) => n + d.attempts.length, 0),
    answers,
    notDeliveredYet: pending,
    processedOnce: delivered.filter((d) => counts.get(d.webhookId) === 1).length,
    missing: missing.length,
    unfinished: unfinished.length,
    processedTwice: twice.length,
    unconfirmed: unconfirmed.length,
    completedBeforeKill,
    storeOrders: store.length,
    orderDifferences: orderDiffs.length,
    examples: sample([...missing, ...unfinished, ...twice, ...unconfirmed, ...orderDiffs]),
  };
}

export async function duplicatesCheck(db: Db, sim: RemoteSimulator, mail: AcceptedMail[]): Promise<Check> {
  // Message-ID <messageId.attempt@domain>: the same message under two attempts is still one message.
  const byMessage = new Map<string, number>();
  for (const m of mail) {
    const key = /^<(.+)\.\d+@/.exec(m.messageId)?.[1] ?? m.messageId;
    byMessage.set(key, (byMessage.get(key) ?? 0) + 1);
  }
  const emailTwice = [...byMessage].filter(([, n]) => n > 1).map(([id, n]) => `email ${id} ×${n}`);
  // Flow carries no message id: per customer and campaign, triggers received ≤ messages handed over.
  const handed = new Map<string, number>();
  const { rows } = await db.pool.query<{ customerId: string; name: string; n: number }>(
    `SELECT m."customerId"::text AS "customerId", c.name, count(*)::int AS n FROM "Message" m
       JOIN "Campaign" c ON c.id = m."campaignId"
      WHERE m.shop = $1 AND c.channel <> 'email' AND m."callStartedAt" IS NOT NULL GROUP BY 1, 2`,
    [sim.shop],
  );
  for (const r of rows) handed.set(`${r.customerId}|${r.name}`, r.n);
  const triggers = new Map<string, number>();
  const flowTriggers = await sim.flowTriggers();
  for (const t of flowTriggers) {
    const key = `${t.customerId}|${String((t.payload as { Campaign?: unknown }).Campaign)}`;
    triggers.set(key, (triggers.get(key) ?? 0) + 1);
  }
  const flowTwice = [...triggers]
    .filter(([key, n]) => n > (handed.get(key) ?? 0))
    .map(([key, n]) => `flow ${key} ×${n} for ${handed.get(key) ?? 0} message(s)`);
  return {
    ok: emailTwice.length + flowTwice.length === 0,
    emailsReceived: mail.length,
    distinctEmails: byMessage.size,
    flowTriggers: flowTriggers.length,
    emailDuplicates: emailTwice.length,
    flowDuplicates: flowTwice.length,
    examples: sample([...emailTwice, ...flowTwice]),
  };
}

export async function dueMessagesCheck(db: Db, shop: string, asOf: Date): Promise<Check> {
  const { rows } = await db.pool.query<{ status: string; unexplained: boolean; n: number }>(
    `SELECT status,
            (status = 'failed' AND coalesce("lastError", reason, '') = '') OR (status = 'suppressed' AND coalesce(reason, '') = '') AS unexplained,
            count(*)::int AS n
       FROM "Message" WHERE shop = $1 AND "scheduledFor" <= $2 GROUP BY 1, 2`,
    [shop, asOf],
  );
  const byStatus: Record<string, number> = {};
  let bad = 0;
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    if (r.unexplained || r.status === "pending" || r.status === "sending") bad += r.n;
  }
  const later = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Message" WHERE shop = $1 AND "scheduledFor" > $2`,
    [shop, asOf],
  );
  const reasons = await db.pool.query<{ reason: string; n: number }>(
    `SELECT left(coalesce("lastError", reason), 90) AS reason, count(*)::int AS n FROM "Message"
      WHERE shop = $1 AND status IN ('failed', 'suppressed') GROUP BY 1 ORDER BY 2 DESC LIMIT 6`,
    [shop],
  );
  return {
    ok: bad === 0,
    byStatus,
    leftUnsentOrUnexplained: bad,
    notDueYet: later.rows[0].n,
    reasons: reasons.rows,
  };
}

export async function conversionsCheck(
  db: Db,
  sim: RemoteSimulator,
  store: readonly OrderFacts[],
  asOf: Date,
  logDir: string,
): Promise<Check> {
  const sent = await db.pool.query<{ id: string; campaignId: string; customerId: string; sentAt: Date; days: number }>(
    `SELECT m.id, m."campaignId", m."customerId"::text AS "customerId", m."sentAt", c."attributionDays" AS days
       FROM "Message" m JOIN "Campaign" c ON c.id = m."campaignId"
      WHERE m.shop = $1 AND m.status = 'sent' AND m."sentAt" IS NOT NULL`,
    [sim.shop],
  );
  const touches: Touch[] = sent.rows.map((r) => ({
    messageId: r.id,
    campaignId: r.campaignId,
    customerId: BigInt(r.customerId),
    at: r.sentAt,
    attributionDays: r.days,
    heldOut: false,
  }));
  const expected = attributeOrders(touches, store);
  const actual = new Map(
    (
      await db.pool.query<{ orderId: string; messageId: string; revenue: string }>(
        `SELECT "orderId"::text AS "orderId", "messageId", revenue::numeric(18,2)::text AS revenue FROM "Conversion" WHERE shop = $1`,
        [sim.shop],
      )
    ).rows.map((r) => [r.orderId, r]),
  );
  const diffs: string[] = [];
  for (const e of expected) {
    const a = actual.get(String(e.orderId));
    actual.delete(String(e.orderId));
    if (!a) diffs.push(`order ${e.orderId} not attributed (truth: message ${e.messageId})`);
    else if (a.messageId !== e.messageId || a.revenue !== e.revenue.toFixed(2))
      diffs.push(`order ${e.orderId}: app ${a.messageId} ${a.revenue}, truth ${e.messageId} ${e.revenue.toFixed(2)}`);
  }
  for (const [orderId, a] of actual) diffs.push(`order ${orderId} attributed to ${a.messageId}, truth: none`);
  const caused = (await sim.messageOrders()).filter((o) => new Date(o.processedAt) <= asOf);
  const expectedIds = new Set(expected.map((e) => String(e.orderId)));
  const misses = await explainCausedMisses(
    db,
    sim.shop,
    caused.filter((o) => !expectedIds.has(String(o.orderId)) && o.cancelledAt === null),
    await sim.flowTriggers(),
  );
  const causedMissed = misses.unexplained;
  const unattributed = expected.filter((e) => diffs.some((d) => d.startsWith(`order ${e.orderId} not attributed`)));
  return {
    ok: diffs.length === 0 && causedMissed.length === 0,
    messagesSent: touches.length,
    conversionsTruth: expected.length,
    conversionsApp: expected.length - diffs.filter((d) => d.includes("not attributed")).length + actual.size,
    messageCausedOrders: caused.length,
    messageCausedNotAttributed: causedMissed.length,
    // Beyond any attribution (caused-orders.ts): placed while the trigger was being answered, or
    // caused by a trigger whose outcome the app never learned.
    messageCausedDuringSend: misses.placedDuringSend,
    messageCausedBySendUnconfirmed: misses.sendUnconfirmed,
    differences: diffs.length,
    examples: sample(diffs),
    // Each order the app left unattributed (or a message-caused one the truth misses), with its
    // message's times and when the app received and processed the order's webhooks.
    ...(unattributed.length + causedMissed.length > 0
      ? {
          diagnosis: await diagnoseUnattributed(
            db,
            sim,
            logDir,
            [
              ...unattributed.map((e) => ({ orderId: String(e.orderId), messageId: e.messageId })),
              ...causedMissed.map((o) => ({ orderId: String(o.orderId), messageId: null })),
            ].slice(0, 10),
          ),
        }
      : {}),
  };
}

/** Runs the app's own recompute (incremental, as the daily job does), then a full one at the same instant. */
export async function profilesCheck(db: Db, shop: string, asOf: Date, tamper?: () => Promise<void>): Promise<Check> {
  const deps = { db, now: () => asOf, log: memoryLogger() };
  const incremental = await recomputeShop(deps, shop, defaultRecomputeOptions);
  await tamper?.();
  const before = await snapshot(db.pool, shop);
  const full = await recomputeShop(deps, shop, { ...defaultRecomputeOptions, full: true });
  const after = await snapshot(db.pool, shop);
  const diffs: string[] = [];
  for (const table of ["profiles", "milestones"] as const) {
    const a = before[table].map((row) => JSON.stringify(row));
    const b = new Set(after[table].map((row) => JSON.stringify(row)));
    for (const row of a) if (!b.has(row)) diffs.push(`${table}: ${row.slice(0, 160)}`);
    if (a.length !== b.size) diffs.push(`${table}: ${a.length} rows incrementally, ${b.size} in full`);
  }
  return {
    ok: diffs.length === 0 && before.profiles.length > 0,
    mode: incremental.mode,
    dirty: incremental.dirty,
    customers: full.customers,
    profiles: before.profiles.length,
    milestones: before.milestones.length,
    differences: diffs.length,
    examples: sample(diffs),
  };
}
