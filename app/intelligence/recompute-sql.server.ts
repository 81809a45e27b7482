// The set-based statements of the whole-shop recompute (recompute.server.ts runs them in order in
// one transaction). $1 = shop, $2 = asOf as an ISO string; store times are UTC `timestamp(3)`.
// Each must agree exactly with the pure reference in app/domain/metrics (tests/integration checks).

const COUNTED = `o."cancelledAt" IS NULL AND NOT o.test AND o."customerId" IS NOT NULL AND o."processedAt" <= $2::timestamp`;

/** Per-customer order aggregate and CLV summary (times in whole days). */
export const ORDERS_TEMP = `
CREATE TEMP TABLE _o ON COMMIT DROP AS
SELECT cid, n, gross, net, first_at, last_at, first_net,
       n - 1 AS x,
       floor(extract(epoch FROM last_at - first_at) / 86400)::int AS tx,
       floor(extract(epoch FROM $2::timestamp - first_at) / 86400)::int AS t_cal,
       CASE WHEN n > 1 THEN (net - first_net)::float8 / (n - 1) ELSE 0 END AS zbar
FROM (
  SELECT o."customerId" AS cid, count(*)::int AS n, sum(o."totalPrice") AS gross,
         sum(o."totalPrice" - o."totalRefunded") AS net,
         min(o."processedAt") AS first_at, max(o."processedAt") AS last_at,
         (array_agg(o."totalPrice" - o."totalRefunded" ORDER BY o."processedAt", o.id))[1] AS first_net
  FROM "Order" o WHERE o.shop = $1 AND ${COUNTED}
  GROUP BY o."customerId"
) agg`;

/**
 * Counted line items. LineItem carries customerId and processedAt denormalised from its order, so
 * only the (few) cancelled or test orders need a lookup: an anti-join instead of hashing every order.
 */
export const LINES_TEMP = `
CREATE TEMP TABLE _l ON COMMIT DROP AS
SELECT li."customerId" AS cid, li."orderId" AS oid, li."productId" AS pid, li."variantId" AS vid,
       li."processedAt" AS at, li.quantity AS q, p."productType" AS ptype, v.size
FROM "LineItem" li
LEFT JOIN "Product" p ON p.shop = li.shop AND p.id = li."productId"
LEFT JOIN "ProductVariant" v ON v.shop = li.shop AND v.id = li."variantId"
WHERE li.shop = $1 AND li."customerId" IS NOT NULL AND li."processedAt" <= $2::timestamp
  AND li."orderId" NOT IN (SELECT o.id FROM "Order" o WHERE o.shop = $1 AND (o."cancelledAt" IS NOT NULL OR o.test))`;

const windows = (at: string) => `
  count(*) FILTER (WHERE ${at} > $2::timestamp)::int AS o1,
  count(*) FILTER (WHERE ${at} > $3::timestamp)::int AS o2,
  count(*) FILTER (WHERE ${at} > $4::timestamp)::int AS o3,
  count(*)::int AS total, sum(q)::int AS qty, max(${at})`;

const recent = `HAVING max(at) > $4::timestamp`;

/**
 * $2..$4 = the three window starts (asOf − N days) as ISO strings, computed once rather than per row. Rows only for items bought within the longest window
 * (older affinity lives in the profile's favourites); inserted in key order for cheap index builds.
 */
export const PRODUCT_STATS_TEMP = `
CREATE TEMP TABLE _ps ON COMMIT DROP AS
SELECT $1::text AS shop, cid, pid, ${windows("at")} AS last_at
FROM (SELECT cid, pid, oid, max(at) AS at, sum(q) AS q FROM _l WHERE pid IS NOT NULL GROUP BY 1, 2, 3) per_order
GROUP BY cid, pid`;

/** $2 = the start of the longest window. */
export const PRODUCT_STATS = `
INSERT INTO "CustomerProductStat" (shop, "customerId", "productId", orders30, orders90, orders365, "ordersTotal", "quantityTotal", "lastPurchasedAt")
SELECT shop, cid, pid, o1, o2, o3, total, qty, last_at FROM _ps WHERE shop = $1 AND last_at > $2::timestamp ORDER BY cid, pid`;

export const VARIANT_STATS = `
INSERT INTO "CustomerVariantStat" (shop, "customerId", "variantId", "productId", orders30, orders90, orders365, "ordersTotal", "quantityTotal", "lastPurchasedAt")
SELECT $1, cid, vid, max(pid), ${windows("at")}
FROM (SELECT cid, vid, oid, max(pid) AS pid, max(at) AS at, sum(q) AS q FROM _l WHERE vid IS NOT NULL GROUP BY 1, 2, 3) per_order
GROUP BY cid, vid ${recent} ORDER BY cid, vid`;

/**
 * The profile rows. $3 = CLV params JSON or null; lifecycle thresholds $4..$8 (newWithinDays,
 * atRiskAfterDays, lapsedAfterDays, vipMinMScore, vipMinFScore). _pred holds per-(x, tx, T)
 * predictions computed in JS.
 */
export const PROFILES = `
WITH returns AS (
  SELECT "customerId" AS cid, count(DISTINCT "returnId")::int AS returns, sum(quantity)::int AS items
  FROM "ReturnLineItem" WHERE shop = $1 AND "customerId" IS NOT NULL GROUP BY 1
), fav_product AS (
  SELECT DISTINCT ON (cid) cid, pid FROM _ps ORDER BY cid, total DESC, qty DESC, last_at DESC, pid
), fav_category AS (
  SELECT DISTINCT ON (cid) cid, ptype FROM (
    SELECT cid, ptype, count(DISTINCT oid) AS orders FROM _l WHERE ptype <> '' GROUP BY 1, 2
  ) c ORDER BY cid, orders DESC, ptype COLLATE "C"
), usual_size AS (
  SELECT DISTINCT ON (cid) cid, size FROM (
    SELECT cid, size, sum(q) AS units FROM _l WHERE size IS NOT NULL AND size <> '' GROUP BY 1, 2
  ) s ORDER BY cid, units DESC, size COLLATE "C"
), base AS (
  SELECT c.id AS cid, c."emailMarketing" = 'SUBSCRIBED' AS email_ok, c."smsMarketing" = 'SUBSCRIBED' AS sms_ok,
         o.n, o.gross, o.net, o.first_at, o.last_at, o.first_net, o.x, o.tx, o.t_cal, o.zbar, coalesce(o.n, 0) AS orders,
         floor(extract(epoch FROM $2::timestamp - o.first_at) / 86400)::int AS tenure,
         floor(extract(epoch FROM $2::timestamp - o.last_at) / 86400)::int AS since_last
  FROM "Customer" c LEFT JOIN _o o ON o.cid = c.id
  WHERE c.shop = $1 AND c."redactedAt" IS NULL
), scored AS (
  SELECT base.*,
    CASE WHEN orders > 0 THEN 1 + floor(5.0 * (rank() OVER (PARTITION BY orders > 0 ORDER BY last_at) - 1) / count(*) OVER (PARTITION BY orders > 0))::int END AS r,
    CASE WHEN orders > 0 THEN 1 + floor(5.0 * (rank() OVER (PARTITION BY orders > 0 ORDER BY n) - 1) / count(*) OVER (PARTITION BY orders > 0))::int END AS f,
    CASE WHEN orders > 0 THEN 1 + floor(5.0 * (rank() OVER (PARTITION BY orders > 0 ORDER BY net) - 1) / count(*) OVER (PARTITION BY orders > 0))::int END AS m
  FROM base
), model AS (
  SELECT ($3::jsonb #>> '{gammaGamma,p}')::float8 AS p, ($3::jsonb #>> '{gammaGamma,q}')::float8 AS q,
         ($3::jsonb #>> '{gammaGamma,gamma}')::float8 AS g
), valued AS (
  SELECT s.*, pr.ey, pr.pa, pr.disc,
    CASE WHEN pr.ey IS NULL THEN NULL
         WHEN s.x > 0 AND s.zbar > 0 THEN (model.p * (model.g + s.x * s.zbar)) / (model.p * s.x + model.q - 1)
         ELSE (model.p * model.g) / (model.q - 1) END AS eov
  FROM scored s CROSS JOIN model
  LEFT JOIN _pred pr ON pr.x = s.x AND pr.tx = s.tx AND pr.t_cal = s.t_cal
)
INSERT INTO "CustomerProfile" (shop, "customerId", "orderCount", "grossSpend", "netSpend", aov, "firstOrderAt", "lastOrderAt",
  "firstOrderNet", "tenureDays", "daysSinceLast", "avgGapDays", "historicalClv", "returnCount", "returnedItems",
  "rScore", "fScore", "mScore", "lifecycleStage", "predictedPurchases", "probabilityAlive", "expectedOrderValue", "predictedClv",
  "favouriteProductId", "favouriteCategory", "usualSize", "emailSubscribed", "smsSubscribed", "asOf", "computedAt")
SELECT $1, v.cid, v.orders, coalesce(v.gross, 0), coalesce(v.net, 0), CASE WHEN v.orders > 0 THEN round(v.net / v.orders, 4) ELSE 0 END,
  v.first_at, v.last_at, coalesce(v.first_net, 0), v.tenure, v.since_last,
  CASE WHEN v.orders > 1 THEN extract(epoch FROM v.last_at - v.first_at)::float8 / 86400 / (v.orders - 1) END,
  coalesce(v.net, 0), coalesce(rt.returns, 0), coalesce(rt.items, 0), v.r, v.f, v.m,
  CASE WHEN v.orders = 0 THEN 'prospect'
       WHEN v.since_last >= $6 THEN 'lapsed'
       WHEN v.since_last >= $5 THEN 'at_risk'
       WHEN v.m >= $7 AND v.f >= $8 THEN 'vip'
       WHEN v.tenure < $4 THEN 'new'
       ELSE 'active' END,
  v.ey, v.pa, v.eov, v.disc * v.eov, fp.pid, fc.ptype, us.size, v.email_ok, v.sms_ok, $2::timestamp, now()
FROM valued v
LEFT JOIN returns rt ON rt.cid = v.cid
LEFT JOIN fav_product fp ON fp.cid = v.cid
LEFT JOIN fav_category fc ON fc.cid = v.cid
LEFT JOIN usual_size us ON us.cid = v.cid`;

/** Minimum value per score 2..5 for each dimension (r in epoch ms). */
export const CUTS = `
SELECT ${["r", "f", "m"]
  .flatMap((d) => {
    const col = d === "r" ? `extract(epoch FROM "lastOrderAt") * 1000` : d === "f" ? `"orderCount"` : `"netSpend"`;
    return [2, 3, 4, 5].map((s) => `min(${col}) FILTER (WHERE "${d}Score" >= ${s})::float8 AS ${d}${s}`);
  })
  .join(", ")}, count(*) FILTER (WHERE "orderCount" > 0)::int AS customers
FROM "CustomerProfile" WHERE shop = $1`;
