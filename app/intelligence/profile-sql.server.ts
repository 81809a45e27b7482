// The profile half of the whole-shop recompute (after recompute-sql.server.ts). The dirty customers'
// order aggregates, favourites, returns and consent are written first; then every profile's
// time-relative fields (tenure, recency, RFM, lifecycle, CLV, asOf) are rewritten in place from its
// own stored aggregates — no per-customer join, and no indexed column changes for a clean customer,
// so those updates stay HOT (docs/decisions/0072). $1 = shop, $2 = asOf ISO string.
import { inDirty } from "./recompute-sql.server";

/** The dirty customers' aggregates, favourites, returns and consent. */
export const DIRTY_BASE = (full: boolean) => `
CREATE TEMP TABLE _db ON COMMIT DROP AS
WITH fav_product AS (
  SELECT DISTINCT ON (cid) cid, pid FROM _ps ORDER BY cid, total DESC, qty DESC, last_at DESC, pid
), fav_category AS (
  SELECT DISTINCT ON (cid) cid, ptype FROM (
    SELECT cid, ptype, count(DISTINCT oid) AS orders FROM _l WHERE ptype <> '' GROUP BY 1, 2
  ) c ORDER BY cid, orders DESC, ptype COLLATE "C"
), usual_size AS (
  SELECT DISTINCT ON (cid) cid, size FROM (
    SELECT cid, size, sum(q) AS units FROM _l WHERE size IS NOT NULL AND size <> '' GROUP BY 1, 2
  ) s ORDER BY cid, units DESC, size COLLATE "C"
), returns AS (
  SELECT "customerId" AS cid, count(DISTINCT "returnId")::int AS returns, sum(quantity)::int AS items
  FROM "ReturnLineItem" WHERE shop = $1 AND ${inDirty(`"customerId"`, full)} GROUP BY 1
)
SELECT d.cid, c."emailMarketing" = 'SUBSCRIBED' AS email_ok, c."smsMarketing" = 'SUBSCRIBED' AS sms_ok,
  coalesce(o.n, 0) AS n, coalesce(o.gross, 0) AS gross, coalesce(o.net, 0) AS net, o.first_at, o.last_at,
  coalesce(o.first_net, 0) AS first_net, fp.pid AS fav_pid, fc.ptype AS fav_cat, us.size,
  coalesce(rt.returns, 0) AS returns, coalesce(rt.items, 0) AS items
FROM _d d
JOIN "Customer" c ON c.shop = $1 AND c.id = d.cid AND ${inDirty("c.id", full)}
LEFT JOIN _o o ON o.cid = d.cid
LEFT JOIN fav_product fp ON fp.cid = d.cid
LEFT JOIN fav_category fc ON fc.cid = d.cid
LEFT JOIN usual_size us ON us.cid = d.cid
LEFT JOIN returns rt ON rt.cid = d.cid`;

const BASE = [
  ["orderCount", "n"],
  ["grossSpend", "gross"],
  ["netSpend", "net"],
  ["aov", "CASE WHEN n > 0 THEN round(net / n, 4) ELSE 0 END"],
  ["firstOrderAt", "first_at"],
  ["lastOrderAt", "last_at"],
  ["firstOrderNet", "first_net"],
  ["avgGapDays", "CASE WHEN n > 1 THEN extract(epoch FROM last_at - first_at)::float8 / 86400 / (n - 1) END"],
  ["historicalClv", "net"],
  ["returnCount", "returns"],
  ["returnedItems", "items"],
  ["favouriteProductId", "fav_pid"],
  ["favouriteCategory", "fav_cat"],
  ["usualSize", "size"],
  ["emailSubscribed", "email_ok"],
  ["smsSubscribed", "sms_ok"],
] as const;

/** Upserts the dirty customers' stored aggregates (time-relative fields follow in TIME_UPDATE). */
export const BASE_WRITE = `
INSERT INTO "CustomerProfile" (shop, "customerId", ${BASE.map(([c]) => `"${c}"`).join(", ")}, "asOf", "computedAt")
SELECT $1, cid, ${BASE.map(([, e]) => e).join(", ")}, $2::timestamp, now() FROM _db ORDER BY cid
ON CONFLICT (shop, "customerId") DO UPDATE SET ${BASE.map(([c]) => `"${c}" = EXCLUDED."${c}"`).join(", ")}`;

export const PROFILES_DELETE = `DELETE FROM "CustomerProfile" WHERE shop = $1 AND "customerId" = ANY(ARRAY(SELECT cid FROM _gone))`;

const DAYS = (from: string, to: string) => `floor(extract(epoch FROM ${to} - ${from}) / 86400)::int`;

/** Every customer with an order: the CLV summary (times in whole days) and RFM inputs, from the stored aggregates. */
export const SUMMARY = `
CREATE TEMP TABLE _a ON COMMIT DROP AS
SELECT "customerId" AS cid, "orderCount" AS n, "lastOrderAt" AS last_at, "netSpend" AS net, "orderCount" - 1 AS x,
  ${DAYS(`"firstOrderAt"`, `"lastOrderAt"`)} AS tx, ${DAYS(`"firstOrderAt"`, "$2::timestamp")} AS t_cal,
  CASE WHEN "orderCount" > 1 THEN ("netSpend" - "firstOrderNet")::float8 / ("orderCount" - 1) ELSE 0 END AS zbar
FROM "CustomerProfile" WHERE shop = $1 AND "orderCount" > 0`;

const cutsOf = (column: string, d: string) => `
  SELECT ${[2, 3, 4, 5].map((k) => `min(v) FILTER (WHERE s >= ${k}) AS ${d}${k}`).join(", ")}
  FROM (SELECT ${column} AS v, 1 + floor(5.0 * (rank() OVER (ORDER BY ${column}) - 1) / count(*) OVER ())::int AS s FROM _a) ranked`;

/**
 * RFM cut points: the least value scoring 2..5 under the rank rule of app/domain/metrics/rfm.ts
 * (score = 1 + floor(5·(rank − 1) / N), ties share the lower rank). Scores are monotone in the
 * value, so comparing against these cuts gives exactly the ranked score, while each rank() sorts
 * one narrow column instead of the wide profile rows.
 */
export const CUTS_TEMP = `
CREATE TEMP TABLE _cuts ON COMMIT DROP AS
SELECT * FROM (${cutsOf("last_at", "r")}) r, (${cutsOf("n", "f")}) f, (${cutsOf("net", "m")}) m,
  (SELECT count(*)::int AS customers FROM _a) c`;

const score = (column: string, d: string) =>
  `CASE WHEN ${column} >= k.${d}5 THEN 5 WHEN ${column} >= k.${d}4 THEN 4 WHEN ${column} >= k.${d}3 THEN 3 WHEN ${column} >= k.${d}2 THEN 2 ELSE 1 END`;

const SINCE = DAYS(`p."lastOrderAt"`, "$2::timestamp");
const TENURE = DAYS(`p."firstOrderAt"`, "$2::timestamp");
const R = score(`p."lastOrderAt"`, "r");
const F = score(`p."orderCount"`, "f");
const M = score(`p."netSpend"`, "m");
/** Lifecycle thresholds $3..$7: newWithinDays, atRiskAfterDays, lapsedAfterDays, vipMinMScore, vipMinFScore. */
const STAGE = `CASE WHEN ${SINCE} >= $5 THEN 'lapsed' WHEN ${SINCE} >= $4 THEN 'at_risk'
  WHEN (${M}) >= $6 AND (${F}) >= $7 THEN 'vip' WHEN ${TENURE} < $3 THEN 'new' ELSE 'active' END`;
const TIMED = `"tenureDays" = ${TENURE}, "daysSinceLast" = ${SINCE}, "rScore" = ${R}, "fScore" = ${F}, "mScore" = ${M},
  "lifecycleStage" = ${STAGE}, "asOf" = $2::timestamp, "computedAt" = now()`;

const X = `p."orderCount" - 1`;
const ZBAR = `CASE WHEN p."orderCount" > 1 THEN (p."netSpend" - p."firstOrderNet")::float8 / (p."orderCount" - 1) ELSE 0 END`;
/** Gamma-Gamma conditional mean order value; $8 = CLV params JSON. */
const EOV = `(CASE WHEN ${X} > 0 AND ${ZBAR} > 0
  THEN (($8::jsonb #>> '{gammaGamma,p}')::float8 * (($8::jsonb #>> '{gammaGamma,gamma}')::float8 + (${X}) * ${ZBAR}))
       / (($8::jsonb #>> '{gammaGamma,p}')::float8 * (${X}) + ($8::jsonb #>> '{gammaGamma,q}')::float8 - 1)
  ELSE ($8::jsonb #>> '{gammaGamma,p}')::float8 * ($8::jsonb #>> '{gammaGamma,gamma}')::float8 / (($8::jsonb #>> '{gammaGamma,q}')::float8 - 1) END)`;

/**
 * Time-relative fields of every customer with an order. With a model ($8 not null) the per-(x, t_x, T)
 * predictions in _pred join by the profile's own summary: every such group is in _pred.
 */
export const TIME_UPDATE = {
  model: `UPDATE "CustomerProfile" p SET ${TIMED}, "predictedPurchases" = pr.ey, "probabilityAlive" = pr.pa,
    "expectedOrderValue" = ${EOV}, "predictedClv" = pr.disc * ${EOV}
  FROM _cuts k, _pred pr
  WHERE p.shop = $1 AND p."orderCount" > 0 AND pr.x = ${X} AND pr.tx = ${DAYS(`p."firstOrderAt"`, `p."lastOrderAt"`)} AND pr.t_cal = ${TENURE}`,
  none: `UPDATE "CustomerProfile" p SET ${TIMED}, "predictedPurchases" = NULL, "probabilityAlive" = NULL,
    "expectedOrderValue" = NULL, "predictedClv" = NULL
  FROM _cuts k WHERE p.shop = $1 AND p."orderCount" > 0 AND $8::jsonb IS NULL`,
};

/** Customers without a counted order. */
export const PROSPECTS_UPDATE = `
UPDATE "CustomerProfile" SET "tenureDays" = NULL, "daysSinceLast" = NULL, "rScore" = NULL, "fScore" = NULL, "mScore" = NULL,
  "lifecycleStage" = 'prospect', "predictedPurchases" = NULL, "probabilityAlive" = NULL, "expectedOrderValue" = NULL,
  "predictedClv" = NULL, "asOf" = $2::timestamp, "computedAt" = now()
WHERE shop = $1 AND "orderCount" = 0`;

/** The cut points as stored for the single-customer refresh (r in epoch ms). */
export const CUTS = `
SELECT ${["r", "f", "m"]
  .flatMap((d) => [2, 3, 4, 5].map((s) => (d === "r" ? `(extract(epoch FROM r${s}) * 1000)::float8 AS r${s}` : `${d}${s}::float8 AS ${d}${s}`)))
  .join(", ")}, customers
FROM _cuts`;
