// The set-based statements of the whole-shop recompute that find and rebuild the dirty customers in
// _d (recompute.server.ts runs them in order in one transaction; docs/decisions/0071). Each function
// takes named arguments and owns its statement and parameter list (docs/decisions/0164); asOf is an
// ISO string, store times are UTC `timestamp(3)`. Each must agree exactly with the pure reference
// in app/profile/rules (tests/integration checks).
import { SqlParams } from "~/db/params";
import type { Queryable } from "~/db/queryable";
import { countedOrderSql } from "~/profile/rules/counted-order";

export interface ChangedArgs {
  shop: string;
  /** The largest age(xmin) of a row written at or after the previous run's xmax. */
  maxAge: number;
  /** The previous run's in-progress xids (a row is new when either this or maxAge says so). */
  pending: string[];
  /** Bounds (lo, hi] of the time ranges whose orders make their customer dirty (newly past asOf, reaching an anniversary). */
  lo: string[];
  hi: string[];
}

/**
 * _chg: customers whose rows changed since the last run or whom time moved across an edge. A
 * catalogue row changed marks its buyers.
 */
export async function createChanged(client: Queryable, args: ChangedArgs): Promise<void> {
  const p = new SqlParams();
  const shop = p.add(args.shop);
  const maxAge = p.add(args.maxAge);
  const lo = p.add(args.lo, "timestamp[]");
  const hi = p.add(args.hi, "timestamp[]");
  const isNew =
    args.pending.length > 0
      ? `(age(xmin) <= ${maxAge} OR xmin = ANY(${p.add(args.pending, "xid[]")}))`
      : `age(xmin) <= ${maxAge}`;
  await client.query(
    `
CREATE TEMP TABLE _chg ON COMMIT DROP AS
SELECT "customerId" AS cid FROM "Order" WHERE shop = ${shop} AND "customerId" IS NOT NULL AND ${isNew}
UNION SELECT "customerId" FROM "LineItem" WHERE shop = ${shop} AND "customerId" IS NOT NULL AND (${isNew}
  OR "productId" IN (SELECT id FROM "Product" WHERE shop = ${shop} AND ${isNew})
  OR "variantId" IN (SELECT id FROM "ProductVariant" WHERE shop = ${shop} AND ${isNew}))
UNION SELECT id FROM "Customer" WHERE shop = ${shop} AND ${isNew}
UNION SELECT "customerId" FROM "ReturnLineItem" WHERE shop = ${shop} AND "customerId" IS NOT NULL AND ${isNew}
UNION SELECT "customerId" FROM "IntelligenceDirty" WHERE shop = ${shop}
UNION SELECT o."customerId" FROM unnest(${lo}, ${hi}) r(lo, hi)
  JOIN "Order" o ON o.shop = ${shop} AND o."processedAt" > r.lo AND o."processedAt" <= r.hi WHERE o."customerId" IS NOT NULL`,
    p.values,
  );
}

/**
 * _d: the customers to rebuild (neither redacted nor deleted, with a Customer row): everyone in a
 * full run, else those in _chg. _gone: the customers whose derived rows must go.
 */
export async function createDirtyAndGone(client: Queryable, args: { shop: string; full: boolean }): Promise<void> {
  const live = `shop = $1 AND "redactedAt" IS NULL AND "deletedAt" IS NULL`;
  if (args.full) {
    await client.query(`CREATE TEMP TABLE _d ON COMMIT DROP AS SELECT id AS cid FROM "Customer" WHERE ${live}`, [
      args.shop,
    ]);
    await client.query(
      `CREATE TEMP TABLE _gone ON COMMIT DROP AS
    SELECT "customerId" AS cid FROM "CustomerProfile" p WHERE shop = $1 AND NOT EXISTS (SELECT 1 FROM _d WHERE _d.cid = p."customerId")`,
      [args.shop],
    );
    return;
  }
  await client.query(
    `CREATE TEMP TABLE _d ON COMMIT DROP AS
    SELECT id AS cid FROM "Customer" WHERE ${live} AND id = ANY(ARRAY(SELECT cid FROM _chg))`,
    [args.shop],
  );
  await client.query(`CREATE TEMP TABLE _gone ON COMMIT DROP AS SELECT cid FROM _chg EXCEPT SELECT cid FROM _d`);
}

/**
 * Restricts a customer id column to the dirty customers: a hashed semi-join when that is everyone,
 * else index lookups by primary-key prefix (a semi-join would scan the whole table).
 */
export const inSet = (column: string, subquery: string, full: boolean) =>
  full ? `${column} IN (${subquery})` : `${column} = ANY(ARRAY(${subquery}))`;
export const inDirty = (column: string, full: boolean) => inSet(column, "SELECT cid FROM _d", full);

/** The calendar day of a UTC `timestamp` in the timezone `tz` (an IANA name): a purchase day (0205). */
export const localDaySql = (instant: string, tz: string) =>
  `((${instant} AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date`;

/**
 * _o: order aggregates of the dirty customers over their counted orders processed by asOf, and
 * their purchase days in the shop's timezone (first per day, then per customer: a day's orders are
 * one occasion of the CLV model, worth their summed net).
 */
export async function createOrderAggregates(
  client: Queryable,
  args: { shop: string; asOf: string; timeZone: string; full: boolean },
): Promise<void> {
  await client.query(
    `
CREATE TEMP TABLE _o ON COMMIT DROP AS
WITH d AS (
  SELECT o."customerId" AS cid, ${localDaySql(`o."processedAt"`, "$3::text")} AS day, count(*)::int AS n,
    sum(o."totalPrice") AS gross, sum(o."totalPrice" - o."totalRefunded") AS net,
    min(o."processedAt") AS first_at, max(o."processedAt") AS last_at,
    (array_agg(o."totalPrice" - o."totalRefunded" ORDER BY o."processedAt", o.id))[1] AS first_net
  FROM "Order" o WHERE o.shop = $1 AND ${countedOrderSql("o")} AND o."processedAt" <= $2::timestamp AND ${inDirty(`o."customerId"`, args.full)}
  GROUP BY 1, 2
)
SELECT cid, sum(n)::int AS n, sum(gross) AS gross, sum(net) AS net, min(first_at) AS first_at, max(last_at) AS last_at,
  (array_agg(first_net ORDER BY day))[1] AS first_net,
  count(*)::int AS days, min(day) AS first_day, max(day) AS last_day, (array_agg(net ORDER BY day))[1] AS first_day_net
FROM d GROUP BY cid`,
    [args.shop, args.asOf, args.timeZone],
  );
}
