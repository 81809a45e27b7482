// The set-based statements of the whole-shop recompute that rebuild the dirty customers in _d
// (recompute.server.ts runs them in order in one transaction; docs/decisions/0071). $1 = shop,
// $2 = asOf as an ISO string unless noted; store times are UTC `timestamp(3)`. Each must agree
// exactly with the pure reference in app/profile/rules (tests/integration checks).

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

/** The customers to rebuild (neither redacted nor deleted, with a Customer row) and those whose rows must go. */
export const DIRTY = {
  full: `CREATE TEMP TABLE _d ON COMMIT DROP AS SELECT id AS cid FROM "Customer" WHERE shop = $1 AND "redactedAt" IS NULL AND "deletedAt" IS NULL`,
  incremental: `CREATE TEMP TABLE _d ON COMMIT DROP AS
    SELECT id AS cid FROM "Customer" WHERE shop = $1 AND id = ANY(ARRAY(SELECT cid FROM _chg)) AND "redactedAt" IS NULL AND "deletedAt" IS NULL`,
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
export const inSet = (column: string, subquery: string, full: boolean) =>
  full ? `${column} IN (${subquery})` : `${column} = ANY(ARRAY(${subquery}))`;
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
 * Counted line items of the dirty customers, in customer order, for the favourites stream
 * (favourites-stage.server.ts). LineItem carries customerId and processedAt denormalised from its
 * order, so only the (few) cancelled or test orders need a lookup. No joins: the (shop, customerId,
 * …) index then gives the order without sorting 8M rows (product types and sizes are looked up in
 * Node). A full run reads every customer's lines; _db keeps only the rebuilt customers'. COPY takes
 * no parameters: shop and asOf come as SQL literals. Times go as epoch milliseconds, rounded: the
 * float product for a millisecond instant lies within 1e-4 of the integer, which floor could miss.
 */
export const COUNTED_LINES = (full: boolean, shop: string, asOf: string) => `
SELECT li."customerId", li."orderId", li."productId", li."variantId", round(date_part('epoch', li."processedAt") * 1000)::int8, li.quantity
FROM "LineItem" li
WHERE li.shop = ${shop} AND ${full ? `li."customerId" IS NOT NULL` : inDirty(`li."customerId"`, false)} AND li."processedAt" <= ${asOf}::timestamp
  AND li."orderId" NOT IN (
    SELECT o.id FROM "Order" o WHERE o.shop = ${shop} AND ${full ? "" : `${inDirty(`o."customerId"`, false)} AND `}(o."cancelledAt" IS NOT NULL OR o.test))
ORDER BY li."customerId"`;
