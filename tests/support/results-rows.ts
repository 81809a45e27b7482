// Minimal rows for the results tests, written in bulk through the pool (unnest), so a
// several-thousand-customer store loads in one round trip per table.
import type { Db } from "~/db.server";

export interface CampaignRow {
  id: string;
  pillar?: string;
  attributionDays?: number;
  name?: string;
}

export interface MessageRow {
  id: string;
  campaignId: string;
  customerId: bigint;
  status: "sent" | "held_out" | "failed" | "suppressed" | "pending" | "sending";
  scheduledFor: Date;
  sentAt?: Date | null;
  reason?: string | null;
}

export interface OrderRow {
  id: bigint;
  customerId: bigint | null;
  processedAt: Date;
  total: string;
  refunded?: string;
  cancelledAt?: Date | null;
  test?: boolean;
}

export interface CustomerRow {
  id: bigint;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export async function insertCampaigns(db: Db, shop: string, rows: readonly CampaignRow[]): Promise<void> {
  await db.pool.query(
    `INSERT INTO "Campaign" (id, shop, name, pillar, definition, trigger, subject, body, "attributionDays", "updatedAt")
     SELECT id, $1, name, pillar, '{}'::jsonb, '{}'::jsonb, 's', 'b', days, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS x(id, name, pillar, days)`,
    [
      shop,
      rows.map((r) => r.id),
      rows.map((r) => r.name ?? r.id),
      rows.map((r) => r.pillar ?? "loyalty"),
      rows.map((r) => r.attributionDays ?? 7),
    ],
  );
}

export async function insertMessages(db: Db, shop: string, rows: readonly MessageRow[]): Promise<void> {
  await db.pool.query(
    `INSERT INTO "Message" (id, shop, "campaignId", "customerId", "triggerKey", status, reason, "scheduledFor", "sentAt", "updatedAt")
     SELECT id, $1, cid, cust, id, status, reason, sched, sent, now()
     FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::timestamp[], $8::timestamp[]) AS x(id, cid, cust, status, reason, sched, sent)`,
    [
      shop,
      rows.map((r) => r.id),
      rows.map((r) => r.campaignId),
      rows.map((r) => r.customerId.toString()),
      rows.map((r) => r.status),
      rows.map((r) => r.reason ?? null),
      rows.map((r) => utc(r.scheduledFor)),
      rows.map((r) => (r.sentAt ? utc(r.sentAt) : null)),
    ],
  );
}

export async function insertOrders(db: Db, shop: string, rows: readonly OrderRow[]): Promise<void> {
  await db.pool.query(
    `INSERT INTO "Order" (shop, id, name, "customerId", "processedAt", "createdAt", "updatedAt", "cancelledAt", test, "currencyCode", "subtotalPrice", "totalPrice", "totalRefunded")
     SELECT $1, id, '#' || id, cust, at, at, at, cancelled, test, 'USD', total, total, refunded
     FROM unnest($2::bigint[], $3::bigint[], $4::timestamp[], $5::timestamp[], $6::boolean[], $7::numeric[], $8::numeric[]) AS x(id, cust, at, cancelled, test, total, refunded)`,
    [
      shop,
      rows.map((r) => r.id.toString()),
      rows.map((r) => (r.customerId === null ? null : r.customerId.toString())),
      rows.map((r) => utc(r.processedAt)),
      rows.map((r) => (r.cancelledAt ? utc(r.cancelledAt) : null)),
      rows.map((r) => r.test ?? false),
      rows.map((r) => r.total),
      rows.map((r) => r.refunded ?? "0"),
    ],
  );
}

export async function insertRefund(
  db: Db,
  shop: string,
  refund: { id: bigint; orderId: bigint; amount: string; createdAt: Date },
): Promise<void> {
  await db.pool.query(`INSERT INTO "Refund" (shop, id, "orderId", "createdAt", amount) VALUES ($1, $2, $3, $4, $5)`, [
    shop,
    refund.id.toString(),
    refund.orderId.toString(),
    utc(refund.createdAt),
    refund.amount,
  ]);
}

export async function insertCustomers(db: Db, shop: string, rows: readonly CustomerRow[]): Promise<void> {
  await db.pool.query(
    `INSERT INTO "Customer" (shop, id, email, "firstName", "lastName", "createdAt", "updatedAt")
     SELECT $1, id, email, fn, ln, now(), now() FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS x(id, email, fn, ln)`,
    [
      shop,
      rows.map((r) => r.id.toString()),
      rows.map((r) => r.email ?? null),
      rows.map((r) => r.firstName ?? null),
      rows.map((r) => r.lastName ?? null),
    ],
  );
}

/** Prisma stores UTC wall time in timestamp(3) columns; write the same through pg. */
export function utc(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}
