// The time-relative half of the profile recompute: RFM cut points, tenure, recency, scores,
// lifecycle, CLV and asOf. An incremental run rewrites these in place for every profile from its own
// stored aggregates — no per-customer join, and no indexed column changes for a clean customer, so
// the updates stay HOT (docs/decisions/0072). A full run writes each profile once, aggregates and
// time fields together, from _db (docs/decisions/0086). $1 = shop, $2 = asOf ISO string,
// $3..$7 = lifecycle thresholds (newWithinDays, atRiskAfterDays, lapsedAfterDays, vipMinMScore,
// vipMinFScore), $8..$10 = Gamma-Gamma p, q, gamma when there is a model.
import { BASE, DAYS } from "./profile-sql.server";

const DIMS = [
  ["r", "last_at"],
  ["f", "n"],
  ["m", "net"],
] as const;
const KS = [2, 3, 4, 5] as const;

/**
 * RFM cut points of the customers in _a: the least value scoring k under the rank rule of
 * app/profile/rules/rfm.ts (score = 1 + floor(5·c / N), c = the number of strictly lower values).
 * With P = ceil((k − 1)·N / 5), the candidate is the value at 0-based sorted position P
 * (percentile_disc at (P + ½) / N: one sort per dimension, no rank() windows). It is the cut when no
 * lower values tie with it, i.e. exactly P values are lower; otherwise the cut is the next greater
 * value. P ≥ N (fewer than five customers): nobody scores k, and the cut is null.
 */
export const CUTS_TEMP = `
CREATE TEMP TABLE _cuts ON COMMIT DROP AS
WITH c AS (
  SELECT n, ARRAY[${KS.map((k) => `(${k - 1} * n + 4) / 5`).join(", ")}] AS p FROM (SELECT count(*)::int AS n FROM _a) a
), u AS (
  SELECT ${DIMS.map(([d, col]) => `percentile_disc((SELECT ARRAY(SELECT least((q + 0.5) / greatest(n, 1), 1)::float8 FROM unnest(p) q) FROM c)) WITHIN GROUP (ORDER BY ${col}) AS u${d}`).join(",\n    ")}
  FROM _a
), v AS (
  SELECT ${DIMS.flatMap(([d, col]) =>
    KS.map(
      (k, i) => `count(*) FILTER (WHERE ${col} < (SELECT u${d}[${i + 1}] FROM u)) AS c${d}${k},
    min(${col}) FILTER (WHERE ${col} > (SELECT u${d}[${i + 1}] FROM u)) AS n${d}${k}`,
    ),
  ).join(",\n    ")}
  FROM _a
)
SELECT ${DIMS.flatMap(([d]) => KS.map((k, i) => `CASE WHEN c.p[${i + 1}] >= c.n THEN NULL WHEN v.c${d}${k} >= c.p[${i + 1}] THEN u.u${d}[${i + 1}] ELSE v.n${d}${k} END AS ${d}${k}`)).join(",\n  ")},
  c.n AS customers
FROM c, u, v`;

const score = (column: string, d: string) =>
  `CASE WHEN ${column} >= k.${d}5 THEN 5 WHEN ${column} >= k.${d}4 THEN 4 WHEN ${column} >= k.${d}3 THEN 3 WHEN ${column} >= k.${d}2 THEN 2 ELSE 1 END`;

const SINCE = DAYS(`p."lastOrderAt"`, "$2::timestamp");
const TENURE = DAYS(`p."firstOrderAt"`, "$2::timestamp");
const R = score(`p."lastOrderAt"`, "r");
const F = score(`p."orderCount"`, "f");
const M = score(`p."netSpend"`, "m");
const STAGE = `CASE WHEN ${SINCE} >= $5 THEN 'lapsed' WHEN ${SINCE} >= $4 THEN 'at_risk'
  WHEN (${M}) >= $6 AND (${F}) >= $7 THEN 'vip' WHEN ${TENURE} < $3 THEN 'new' ELSE 'active' END`;
const TIME: [string, string][] = [
  ["tenureDays", TENURE],
  ["daysSinceLast", SINCE],
  ["rScore", R],
  ["fScore", F],
  ["mScore", M],
  ["lifecycleStage", STAGE],
];

const X = `p."orderCount" - 1`;
const ZBAR = `CASE WHEN p."orderCount" > 1 THEN (p."netSpend" - p."firstOrderNet")::float8 / (p."orderCount" - 1) ELSE 0 END`;
/** Gamma-Gamma conditional mean order value (app/profile/rules/clv, same operations in the same order). */
const EOV = `(CASE WHEN ${X} > 0 AND ${ZBAR} > 0 THEN ($8::float8 * ($10::float8 + (${X}) * ${ZBAR})) / ($8::float8 * (${X}) + $9::float8 - 1)
  ELSE $8::float8 * $10::float8 / ($9::float8 - 1) END)`;
const CLV = (model: boolean): [string, string][] => [
  ["predictedPurchases", model ? "pr.ey" : "NULL::float8"],
  ["probabilityAlive", model ? "pr.pa" : "NULL::float8"],
  ["expectedOrderValue", model ? EOV : "NULL::float8"],
  ["predictedClv", model ? `pr.disc * ${EOV}` : "NULL::float8"],
];
/** Every (x, t_x, T) group of a customer with an order is in _pred. */
const PRED_MATCH = `pr.x = ${X} AND pr.tx = ${DAYS(`p."firstOrderAt"`, `p."lastOrderAt"`)} AND pr.t_cal = ${TENURE}`;
const set = (columns: [string, string][]) => columns.map(([c, e]) => `"${c}" = ${e}`).join(",\n  ");
/** A customer without a counted order has no time-relative values, and the stage "prospect". */
const prospect = (column: string) => (column === "lifecycleStage" ? "'prospect'" : "NULL");

/** Incremental: time-relative fields of every profile with an order, in place. */
export const TIME_UPDATE = (model: boolean) => `
UPDATE "CustomerProfile" p SET ${set([...TIME, ...CLV(model)])}, "asOf" = $2::timestamp, "computedAt" = now()
FROM _cuts k${model ? ", _pred pr" : ""}
WHERE p.shop = $1 AND p."orderCount" > 0${model ? ` AND ${PRED_MATCH}` : ""}`;

/** Incremental: profiles without a counted order. */
export const PROSPECTS_UPDATE = `
UPDATE "CustomerProfile" SET ${set([...TIME, ...CLV(false)].map(([c]) => [c, prospect(c)]))}, "asOf" = $2::timestamp, "computedAt" = now()
WHERE shop = $1 AND "orderCount" = 0`;

/**
 * Full: every rebuilt customer's whole profile in one upsert — what BASE_WRITE, TIME_UPDATE and
 * PROSPECTS_UPDATE write, without writing each row twice. _db's columns are exposed under the
 * profile's names so the time expressions are the very ones the incremental update uses.
 */
export const FULL_WRITE = (model: boolean) => {
  const timed = [...TIME, ...CLV(model)].map(([c, e]): [string, string] => [
    c,
    `CASE WHEN p."orderCount" > 0 THEN ${e} ELSE ${prospect(c)} END`,
  ]);
  const columns: [string, string][] = [...BASE.map(([c, e]): [string, string] => [c, e]), ...timed];
  return `
INSERT INTO "CustomerProfile" (shop, "customerId", ${columns.map(([c]) => `"${c}"`).join(", ")}, "asOf", "computedAt")
SELECT $1, p."customerId", ${columns.map(([, e]) => e).join(",\n  ")}, $2::timestamp, now()
FROM (SELECT _db.*, cid AS "customerId", n AS "orderCount", net AS "netSpend", first_at AS "firstOrderAt", last_at AS "lastOrderAt",
        first_net AS "firstOrderNet" FROM _db) p
CROSS JOIN _cuts k
${model ? `LEFT JOIN _pred pr ON p."orderCount" > 0 AND ${PRED_MATCH}` : ""}
ORDER BY p."customerId"
ON CONFLICT (shop, "customerId") DO UPDATE SET ${columns.map(([c]) => `"${c}" = EXCLUDED."${c}"`).join(", ")}, "asOf" = EXCLUDED."asOf", "computedAt" = now()`;
};

/** The cut points as stored for the single-customer refresh (r in epoch ms). */
export const CUTS = `
SELECT ${DIMS.map(([d]) => d)
  .flatMap((d) =>
    KS.map((s) => (d === "r" ? `(extract(epoch FROM r${s}) * 1000)::float8 AS r${s}` : `${d}${s}::float8 AS ${d}${s}`)),
  )
  .join(", ")}, customers
FROM _cuts`;
