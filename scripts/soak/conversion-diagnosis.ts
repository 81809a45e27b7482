// When the conversions check fails, what it takes to say why (issue #19): per order, the
// messages of its customer around it (status, lease, call and send times), the order's
// webhooks (when Shopify sent them, what the app answered, when a process finished each), and
// the Flow triggers Shopify recorded for the customer. A race shows as an order whose webhooks
// were processed before its message's `sent` row was written.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "~/db.server";
import type { Delivery } from "~sim/index";
import type { RemoteSimulator } from "./sim-client";

const DAY_MS = 86_400_000;

/** "webhook processed" log lines of the given webhooks: which process finished each, and when. */
function processedAt(logDir: string, ids: Set<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of fs.readdirSync(logDir)) {
    if (!/^(web|worker)-\d+\.log$/.test(file)) continue;
    for (const line of fs.readFileSync(path.join(logDir, file), "utf8").split("\n")) {
      if (!line.includes('"webhook processed"')) continue;
      const entry = JSON.parse(line) as { webhookId?: string; time?: number | string };
      if (!entry.webhookId || !ids.has(entry.webhookId)) continue;
      const at = typeof entry.time === "number" ? new Date(entry.time).toISOString() : String(entry.time);
      found.set(entry.webhookId, [...(found.get(entry.webhookId) ?? []), `${at} ${file}`]);
    }
  }
  return found;
}

export async function diagnoseUnattributed(
  db: Db,
  sim: RemoteSimulator,
  logDir: string,
  orders: { orderId: string; messageId: string | null }[],
): Promise<Record<string, unknown>[]> {
  const deliveries = await sim.control<Delivery[]>("GET", "/webhooks/deliveries");
  const triggers = await sim.flowTriggers();
  const out: Record<string, unknown>[] = [];
  for (const { orderId, messageId } of orders) {
    const order = (
      await db.pool.query<{ customerId: string | null; processedAt: Date }>(
        `SELECT "customerId"::text AS "customerId", "processedAt" FROM "Order" WHERE shop = $1 AND id = $2::bigint`,
        [sim.shop, orderId],
      )
    ).rows[0];
    const conversion = (
      await db.pool.query(`SELECT "messageId" FROM "Conversion" WHERE shop = $1 AND "orderId" = $2::bigint`, [
        sim.shop,
        orderId,
      ])
    ).rows[0] as { messageId: string } | undefined;
    const messages = order?.customerId
      ? (
          await db.pool.query(
            `SELECT m.id, c.channel, m.status, m."scheduledFor", m."claimedAt", m."callStartedAt", m."sentAt",
                    m."updatedAt", m.attempts, left(m."lastError", 120) AS "lastError"
               FROM "Message" m JOIN "Campaign" c ON c.shop = m.shop AND c.id = m."campaignId"
              WHERE m.shop = $1 AND m."customerId" = $2::bigint AND m."scheduledFor" BETWEEN $3 AND $4
              ORDER BY m."scheduledFor"`,
            [
              sim.shop,
              order.customerId,
              new Date(order.processedAt.getTime() - DAY_MS),
              new Date(order.processedAt.getTime() + 60_000),
            ],
          )
        ).rows
      : [];
    // An order's own webhooks carry its id at the top ("id"); its refunds' carry it as order_id.
    const mine = deliveries.filter(
      (d) => d.body.includes(`"id":${orderId},`) || d.body.includes(`"order_id":${orderId}`),
    );
    const done = processedAt(logDir, new Set(mine.map((d) => d.webhookId)));
    out.push({
      orderId,
      truthMessage: messageId,
      appConversion: conversion?.messageId ?? null,
      orderProcessedAt: order?.processedAt ?? null,
      customerId: order?.customerId ?? null,
      messages,
      webhooks: mine.map((d) => ({
        topic: d.topic,
        triggeredAt: d.triggeredAt,
        attempts: d.attempts.map((a) => `${a.at} ${a.status ?? a.error ?? "none"}`),
        processed: done.get(d.webhookId) ?? [],
      })),
      flowTriggers: triggers
        .filter((t) => order?.customerId && String(t.customerId) === order.customerId)
        .map((t) => ({ at: new Date(t.at).toISOString(), campaign: (t.payload as { Campaign?: unknown }).Campaign })),
    });
  }
  return out;
}
