// The set-based statements of the whole-shop recompute that rebuild the dirty customers in _d
// (recompute.server.ts runs them in order in one transaction; docs/decisions/0071). $1 = shop,
// $2 = asOf as an ISO string unless noted; store times are UTC `timestamp(3)`. Each must agree
// exactly with the pure reference in app/domain/metrics (tests/integration checks).

const isNew = (pending: boolean) => (pending ? `(age(xmin) <= $2 OR xmin = ANY($5::xid[]))` : `age(xmin) <= $2`);

/**
 * Customers whose rows changed since the last run or whom time moved across an edge. $2 = the
 * largest age(xmin) of a row written at or after the previous run's xmax, $5 = that run's in-progress
 * xids (a row is new when either holds); $3/$4 = bounds
 * (lo, hi] of the time ranges whose orders make their customer dirty (newly past asOf, reaching an
 * anniversary). A catalogue row changed marks its buyers.
 */
export const CHANGED = (pending: boolean) => `
CREATE TEMP TABLE _chg ON COMMIT DROP AS
SELECT "customerId" AS cid FROM "Order" WHERE shop = $1 AND "customerId" IS NOT NULL AND ${isNew(pending)}
UNION SELECT "customerId" FROM "LineItem" WHERE shop = $1 AND "customerId" IS NOT NULL AND (${isNew(pending)}
  OR "productId" IN (SELECT id FROM "Product" WHERE shop = $1 AND ${isNew(pending)})
  OR "variantId" IN (SELECT id FROM "ProductVariant" WHERE shop = $1 AND ${isNew(pending)}))
UNION SELECT id FROM "Customer" WHERE shop = $1 AND ${isNew(pending)}
UNION SELECT "customerId" FROM "ReturnLineItem" WHERE shop = $1 AND "customerId" IS NOT NULL AND ${isNew(pending)}
UNION SELECT "customerId" FROM "IntelligenceDirty" WHERE shop = $1
UNION SELECT o."customerId" FROM unnest($3::timestamp[], $4::timestamp[]) r(lo, hi)
  JOIN "Order" o ON o.shop = $1 AND o."processedAt" > r.lo AND o."processedAt" <= r.hi WHERE o."customerId" IS NOT NULL`;

/** The customers to rebuild (unredacted, with a Customer row) and those whose rows must go. */
export const DIRTY = {
  full: `CREATE TEMP TABLE _d ON COMMIT DROP AS SELECT id AS cid FROM "Customer" WHERE shop = $1 AND "redactedAt" IS NULL`,
  incremental: `CREATE TEMP TABLE _d ON COMMIT DROP AS
    SELECT id AS cid FROM "Customer" WHERE shop = $1 AND id = ANY(ARRAY(SELECT cid FROM _chg)) AND "redactedAt" IS NULL`,
};
export const GONE = {
  full: `CREATE TEMP TABLE _gone ON COMMIT DROP AS
    SELECT "customerId" AS cid FROM "CustomerProfile" p WHERE shop = $1 AND NOT EXISTS (SELECT 1 FROM _d WHERE _d.cid = p."customerId")`,
  incremental: `CREATE TEMP TABLE _gone ON COMMIT DROP AS SELECT cid FROM _chg EXCEPT SELECT cid FROM _d`,
};

/**
 * Restricts a customer id column to the dirty customers: a hashed semi-join when that is everyone,
 * else index lookups by primary-key prefix (a semi-join would scan the whole table).
 */
export const inSet = (column: string, subquery: string, full: boolean) => (full ? `${column} IN (${subquery})` : `${column} = ANY(ARRAY(${subquery}))`);
export const inDirty = (column: string, full: boolean) => inSet(column, "SELECT cid FROM _d", full);

const COUNTED = `o."cancelledAt" IS NULL AND NOT o.test AND o."processedAt" <= $2::timestamp`;

/** Order aggregates of the dirty customers. */
export const ORDERS_TEMP = (full: boolean) => `
CREATE TEMP TABLE _o ON COMMIT DROP AS
SELECT o."customerId" AS cid, count(*)::int AS n, sum(o."totalPrice") AS gross,
       sum(o."totalPrice" - o."totalRefunded") AS net,
       min(o."processedAt") AS first_at, max(o."processedAt") AS last_at,
       (array_agg(o."totalPrice" - o."totalRefunded" ORDER BY o."processedAt", o.id))[1] AS first_net
FROM "Order" o WHERE o.shop = $1 AND ${COUNTED} AND ${inDirty(`o."customerId"`, full)}
GROUP BY o."customerId"`;

/**
 * Counted line items of the dirty customers. LineItem carries customerId and processedAt
 * denormalised from its order, so only the (few) cancelled or test orders need a lookup.
 */
export const LINES_TEMP = (full: boolean) => `
CREATE TEMP TABLE _l ON COMMIT DROP AS
SELECT li."customerId" AS cid, li."orderId" AS oid, li."productId" AS pid, li."variantId" AS vid,
       li."processedAt" AS at, li.quantity AS q, p."productType" AS ptype, v.size
FROM "LineItem" li
LEFT JOIN "Product" p ON p.shop = li.shop AND p.id = li."productId"
LEFT JOIN "ProductVariant" v ON v.shop = li.shop AND v.id = li."variantId"
WHERE li.shop = $1 AND ${inDirty(`li."customerId"`, full)} AND li."processedAt" <= $2::timestamp
  AND li."orderId" NOT IN (
    SELECT o.id FROM "Order" o WHERE o.shop = $1 AND ${inDirty(`o."customerId"`, full)} AND (o."cancelledAt" IS NOT NULL OR o.test))`;
