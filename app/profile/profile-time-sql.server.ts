// The time-relative half of the profile recompute: RFM cut points, tenure, recency, scores,
// lifecycle, CLV and asOf. An incremental run rewrites these in place for every profile from its own
// stored aggregates — no per-customer join, and no indexed column changes for a clean customer, so
// the updates stay HOT (docs/decisions/0072). A full run writes each profile once, aggregates and
// time fields together, from _db (docs/decisions/0086). Statement functions take named arguments
// and number their own parameters (docs/decisions/0164).
import { SqlParams } from "~/db/params";
import type { Queryable } from "~/db/queryable";
import type { GammaGammaParams } from "~/profile/rules/clv/gamma-gamma";
import type { LifecycleConfig } from "~/profile/rules/config";
import type { CutsRow } from "./shop-state.server";
import { BASE, DAYS } from "./profile-sql.server";
import { localDaySql } from "./recompute-sql.server";

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
export async function createCuts(client: Queryable): Promise<void> {
  await client.query(CUTS_TEMP);
}

const CUTS_TEMP = `
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

/** The time-relative statements' inputs as placeholders: asOf, the lifecycle thresholds, the model. */
interface TimeInputs {
  asOf: string;
  lifecycle: Record<keyof LifecycleConfig, string>;
  /**
   * Gamma-Gamma p, q, gamma when there is a model, and asOf's calendar day in the shop's timezone
   * (T of the model counts to it, 0205).
   */
  gg: Record<"p" | "q" | "gamma" | "asOfDay", string> | null;
}

export interface TimeArgs {
  shop: string;
  asOf: string;
  /** The shop's timezone (shopTimeZone): purchase days are its calendar days. */
  timeZone: string;
  lifecycle: LifecycleConfig;
  /** The fitted Gamma-Gamma parameters, or null when there is no model. */
  gammaGamma: Pick<GammaGammaParams, "p" | "q" | "gamma"> | null;
}

/** Adds shop and the time inputs to `p` (thresholds uncast: they take the type of what they compare with). */
function timeInputs(p: SqlParams, args: TimeArgs): { shop: string; inputs: TimeInputs } {
  const shop = p.add(args.shop);
  const asOf = p.add(args.asOf, "timestamp");
  const l = args.lifecycle;
  const lifecycle = {
    newWithinDays: p.add(l.newWithinDays),
    atRiskAfterDays: p.add(l.atRiskAfterDays),
    lapsedAfterDays: p.add(l.lapsedAfterDays),
    vipMinMScore: p.add(l.vipMinMScore),
    vipMinFScore: p.add(l.vipMinFScore),
  };
  const g = args.gammaGamma;
  const gg = g && {
    p: p.add(g.p, "float8"),
    q: p.add(g.q, "float8"),
    gamma: p.add(g.gamma, "float8"),
    // Only the predictions read it: a parameter no statement mentions has no type.
    asOfDay: localDaySql(asOf, p.add(args.timeZone, "text")),
  };
  return { shop, inputs: { asOf, lifecycle, gg } };
}

const SINCE = (t: TimeInputs) => DAYS(`p."lastOrderAt"`, t.asOf);
const TENURE = (t: TimeInputs) => DAYS(`p."firstOrderAt"`, t.asOf);
const R = score(`p."lastOrderAt"`, "r");
const F = score(`p."orderCount"`, "f");
const M = score(`p."netSpend"`, "m");
const STAGE = (t: TimeInputs) => {
  const l = t.lifecycle;
  return `CASE WHEN ${SINCE(t)} >= ${l.lapsedAfterDays} THEN 'lapsed' WHEN ${SINCE(t)} >= ${l.atRiskAfterDays} THEN 'at_risk'
  WHEN (${M}) >= ${l.vipMinMScore} AND (${F}) >= ${l.vipMinFScore} THEN 'vip' WHEN ${TENURE(t)} < ${l.newWithinDays} THEN 'new' ELSE 'active' END`;
};
const TIME_COLUMNS = ["tenureDays", "daysSinceLast", "rScore", "fScore", "mScore", "lifecycleStage"] as const;
const TIME = (t: TimeInputs): [string, string][] => {
  const expression: Record<(typeof TIME_COLUMNS)[number], string> = {
    tenureDays: TENURE(t),
    daysSinceLast: SINCE(t),
    rScore: R,
    fScore: F,
    mScore: M,
    lifecycleStage: STAGE(t),
  };
  return TIME_COLUMNS.map((c) => [c, expression[c]]);
};

// The model counts purchase days, not orders (0205): x repeat occasions, zbar per repeat occasion.
const X = `p."purchaseDays" - 1`;
const ZBAR = `CASE WHEN p."purchaseDays" > 1 THEN (p."netSpend" - p."firstDayNet")::float8 / (p."purchaseDays" - 1) ELSE 0 END`;
/** Gamma-Gamma conditional mean order value (app/profile/rules/clv, same operations in the same order). */
const EOV = ({ p, q, gamma }: NonNullable<TimeInputs["gg"]>) =>
  `(CASE WHEN ${X} > 0 AND ${ZBAR} > 0 THEN (${p} * (${gamma} + (${X}) * ${ZBAR})) / (${p} * (${X}) + ${q} - 1)
  ELSE ${p} * ${gamma} / (${q} - 1) END)`;
const CLV = (gg: TimeInputs["gg"]): [string, string][] => [
  ["predictedPurchases", gg ? "pr.ey" : "NULL::float8"],
  ["predictedPurchases90d", gg ? "pr.e90" : "NULL::float8"],
  ["probabilityAlive", gg ? "pr.pa" : "NULL::float8"],
  ["expectedOrderValue", gg ? EOV(gg) : "NULL::float8"],
  ["predictedClv", gg ? `pr.disc * ${EOV(gg)}` : "NULL::float8"],
];
/** Every (x, t_x, T) group of a customer with an order is in _pred. */
const PRED_MATCH = (gg: NonNullable<TimeInputs["gg"]>) =>
  `pr.x = ${X} AND pr.tx = p."lastPurchaseDay" - p."firstPurchaseDay" AND pr.t_cal = ${gg.asOfDay} - p."firstPurchaseDay"`;
const set = (columns: [string, string][]) => columns.map(([c, e]) => `"${c}" = ${e}`).join(",\n  ");
/** A customer without a counted order has no time-relative values, and the stage "prospect". */
const prospect = (column: string) => (column === "lifecycleStage" ? "'prospect'" : "NULL");

/** Incremental: time-relative fields of every profile with an order, in place; the rows written. */
export async function updateTimeFields(client: Queryable, args: TimeArgs): Promise<number> {
  const p = new SqlParams();
  const { shop, inputs: t } = timeInputs(p, args);
  const result = await client.query(
    `
UPDATE "CustomerProfile" p SET ${set([...TIME(t), ...CLV(t.gg)])}, "asOf" = ${t.asOf}, "computedAt" = now()
FROM _cuts k${t.gg ? ", _pred pr" : ""}
WHERE p.shop = ${shop} AND p."orderCount" > 0${t.gg ? ` AND ${PRED_MATCH(t.gg)}` : ""}`,
    p.values,
  );
  return result.rowCount ?? 0;
}

/** Incremental: profiles without a counted order; the rows written. */
export async function updateProspects(client: Queryable, args: { shop: string; asOf: string }): Promise<number> {
  const columns = [...TIME_COLUMNS, ...CLV(null).map(([c]) => c)].map((c): [string, string] => [c, prospect(c)]);
  const result = await client.query(
    `
UPDATE "CustomerProfile" SET ${set(columns)}, "asOf" = $2::timestamp, "computedAt" = now()
WHERE shop = $1 AND "orderCount" = 0`,
    [args.shop, args.asOf],
  );
  return result.rowCount ?? 0;
}

/**
 * Full: every rebuilt customer's whole profile in one upsert — what writeBaseProfiles,
 * updateTimeFields and updateProspects write, without writing each row twice. _db's columns are
 * exposed under the profile's names so the time expressions are the very ones the incremental
 * update uses. Returns the rows written.
 */
export async function writeFullProfiles(client: Queryable, args: TimeArgs): Promise<number> {
  const p = new SqlParams();
  const { shop, inputs: t } = timeInputs(p, args);
  const timed = [...TIME(t), ...CLV(t.gg)].map(([c, e]): [string, string] => [
    c,
    `CASE WHEN p."orderCount" > 0 THEN ${e} ELSE ${prospect(c)} END`,
  ]);
  const columns: [string, string][] = [...BASE.map(([c, e]): [string, string] => [c, e]), ...timed];
  const result = await client.query(
    `
INSERT INTO "CustomerProfile" (shop, "customerId", ${columns.map(([c]) => `"${c}"`).join(", ")}, "asOf", "computedAt")
SELECT ${shop}, p."customerId", ${columns.map(([, e]) => e).join(",\n  ")}, ${t.asOf}, now()
FROM (SELECT _db.*, cid AS "customerId", n AS "orderCount", net AS "netSpend", first_at AS "firstOrderAt", last_at AS "lastOrderAt",
        first_net AS "firstOrderNet", days AS "purchaseDays", first_day AS "firstPurchaseDay", last_day AS "lastPurchaseDay",
        first_day_net AS "firstDayNet" FROM _db) p
CROSS JOIN _cuts k
${t.gg ? `LEFT JOIN _pred pr ON p."orderCount" > 0 AND ${PRED_MATCH(t.gg)}` : ""}
ORDER BY p."customerId"
ON CONFLICT (shop, "customerId") DO UPDATE SET ${columns.map(([c]) => `"${c}" = EXCLUDED."${c}"`).join(", ")}, "asOf" = EXCLUDED."asOf", "computedAt" = now()`,
    p.values,
  );
  return result.rowCount ?? 0;
}

/** The cut points as stored for the single-customer refresh (r in epoch ms). */
export async function readCuts(client: Queryable): Promise<CutsRow> {
  const { rows } = await client.query<CutsRow>(`
SELECT ${DIMS.map(([d]) => d)
    .flatMap((d) =>
      KS.map((s) =>
        d === "r" ? `(extract(epoch FROM r${s}) * 1000)::float8 AS r${s}` : `${d}${s}::float8 AS ${d}${s}`,
      ),
    )
    .join(", ")}, customers
FROM _cuts`);
  return rows[0];
}
