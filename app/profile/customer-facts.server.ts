// Reads one customer's own rows in a single round trip (json_agg subqueries): consent, orders,
// the line items of their counted orders (with productType and Size), return lines, and the
// milestones currently recorded. Times travel as epoch milliseconds (store times are UTC).
import type pg from "pg";
import { SqlParams } from "~/db/params";
import { countedOrderSql } from "~/profile/rules/counted-order";
import type { CustomerFacts } from "~/profile/rules/customer";
import type { Milestone, MilestoneKind } from "~/profile/rules/milestones";

interface Row {
  email: string;
  sms: string;
  /** Redacted or deleted: no profile is kept. */
  redacted: boolean;
  orders: { id: string; at: number; cancelled: boolean; test: boolean; total: string; refunded: string }[];
  lines: {
    oid: string;
    at: number;
    pid: string | null;
    vid: string | null;
    q: number;
    ptype: string | null;
    size: string | null;
  }[];
  returns: {
    rid: string;
    pid: string | null;
    vid: string | null;
    q: number;
    handle: string | null;
    name: string | null;
    at: number;
  }[];
  milestones: { kind: MilestoneKind; threshold: string; at: number }[];
}

/** Placeholders of one customer's statement: the shop, the customer id and asOf. */
export interface CustomerPlaceholders {
  shop: string;
  customer: string;
  asOf: string;
}

/** Adds one customer's shop, id and asOf to `p`, in that order. */
export function customerPlaceholders(
  p: SqlParams,
  args: { shop: string; customerId: bigint; asOf: Date },
): CustomerPlaceholders {
  return {
    shop: p.add(args.shop),
    customer: p.add(args.customerId.toString()),
    asOf: p.add(args.asOf.toISOString(), "timestamp"),
  };
}

/**
 * One customer's counted line items (counted orders processed by asOf) with their product (p) and
 * variant (v); o is the order, li the line. Shared with the customer page's purchases
 * (purchases.server.ts), so both count the same lines.
 */
export const countedLinesOfCustomer = (
  at: CustomerPlaceholders,
) => `FROM "Order" o JOIN "LineItem" li ON li.shop = o.shop AND li."orderId" = o.id
   LEFT JOIN "Product" p ON p.shop = li.shop AND p.id = li."productId"
   LEFT JOIN "ProductVariant" v ON v.shop = li.shop AND v.id = li."variantId"
   WHERE o.shop = ${at.shop} AND o."customerId" = ${at.customer} AND ${countedOrderSql("o")} AND o."processedAt" <= ${at.asOf}`;

const statement = (at: CustomerPlaceholders) => `
SELECT c."emailMarketing" AS email, c."smsMarketing" AS sms, (c."redactedAt" IS NOT NULL OR c."deletedAt" IS NOT NULL) AS redacted,
  (SELECT coalesce(json_agg(json_build_object('id', o.id::text, 'at', extract(epoch FROM o."processedAt") * 1000,
      'cancelled', o."cancelledAt" IS NOT NULL, 'test', o.test, 'total', o."totalPrice"::text, 'refunded', o."totalRefunded"::text)), '[]')
   FROM "Order" o WHERE o.shop = ${at.shop} AND o."customerId" = ${at.customer}) AS orders,
  (SELECT coalesce(json_agg(json_build_object('oid', li."orderId"::text, 'at', extract(epoch FROM o."processedAt") * 1000,
      'pid', li."productId"::text, 'vid', li."variantId"::text, 'q', li.quantity, 'ptype', p."productType", 'size', v.size)), '[]')
   ${countedLinesOfCustomer(at)}) AS lines,
  (SELECT coalesce(json_agg(json_build_object('rid', r."returnId"::text, 'pid', r."productId"::text, 'vid', r."variantId"::text,
      'q', r.quantity, 'handle', r."reasonHandle", 'name', r."reasonName", 'at', extract(epoch FROM r."createdAt") * 1000)), '[]')
   FROM "ReturnLineItem" r WHERE r.shop = ${at.shop} AND r."customerId" = ${at.customer}) AS returns,
  (SELECT coalesce(json_agg(json_build_object('kind', m.kind, 'threshold', m.threshold::text, 'at', extract(epoch FROM m."reachedAt") * 1000)), '[]')
   FROM "CustomerMilestone" m WHERE m.shop = ${at.shop} AND m."customerId" = ${at.customer}) AS milestones
FROM "Customer" c WHERE c.shop = ${at.shop} AND c.id = ${at.customer}`;

const big = (v: string | null) => (v === null ? null : BigInt(v));

export interface StoredCustomer {
  facts: CustomerFacts;
  /** Redacted or deleted: no profile is kept. */
  redacted: boolean;
  milestones: Milestone[];
}

export async function readCustomer(
  pool: pg.Pool,
  shop: string,
  customerId: bigint,
  asOf: Date,
): Promise<StoredCustomer | null> {
  const p = new SqlParams();
  const { rows } = await pool.query<Row>(statement(customerPlaceholders(p, { shop, customerId, asOf })), p.values);
  const row = rows[0];
  if (!row) return null;
  return {
    redacted: row.redacted,
    facts: {
      emailMarketing: row.email,
      smsMarketing: row.sms,
      orders: row.orders.map((o) => ({
        id: BigInt(o.id),
        processedAt: new Date(o.at),
        cancelledAt: o.cancelled ? new Date(0) : null,
        test: o.test,
        totalPrice: o.total,
        totalRefunded: o.refunded,
      })),
      lines: row.lines.map((l) => ({
        orderId: BigInt(l.oid),
        processedAt: new Date(l.at),
        productId: big(l.pid),
        variantId: big(l.vid),
        quantity: l.q,
        productType: l.ptype,
        size: l.size,
      })),
      returns: row.returns.map((r) => ({
        returnId: BigInt(r.rid),
        productId: big(r.pid),
        variantId: big(r.vid),
        quantity: r.q,
        reasonHandle: r.handle,
        reasonName: r.name,
        createdAt: new Date(r.at),
      })),
    },
    milestones: row.milestones.map((m) => ({ kind: m.kind, threshold: m.threshold, reachedAt: new Date(m.at) })),
  };
}
