// Set-based milestones (same definitions as app/profile/rules/milestones.ts), for the dirty
// customers only, from their fresh aggregates in _db and their counted orders: a clean customer's
// milestones cannot have changed (docs/decisions/0071). Statement functions take named arguments
// (docs/decisions/0164).
import { SqlParams } from "~/db/params";
import type { Queryable } from "~/db/queryable";
import type { MilestoneConfig } from "~/profile/rules/config";
import { countedOrderSql } from "~/profile/rules/counted-order";
import { inSet } from "./recompute-sql.server";

/**
 * _ms: the milestones the dirty customers hold as of asOf. Only customers whose totals reach the
 * lowest threshold have their orders walked.
 */
export async function createMilestones(
  client: Queryable,
  args: { shop: string; asOf: string; full: boolean; milestones: MilestoneConfig },
): Promise<void> {
  const p = new SqlParams();
  const shop = p.add(args.shop);
  const asOf = p.add(args.asOf, "timestamp");
  const spend = p.add(args.milestones.lifetimeSpend, "numeric[]");
  const orders = p.add(args.milestones.orderCount, "int[]");
  const years = p.add(args.milestones.anniversaryYears, "int[]");
  const counted = `o.shop = ${shop} AND ${countedOrderSql("o")} AND o."processedAt" <= ${asOf}`;
  await client.query(
    `
CREATE TEMP TABLE _ms ON COMMIT DROP AS
WITH spend AS (
  SELECT o."customerId" AS cid, o."processedAt" AS at,
         sum(o."totalPrice" - o."totalRefunded") OVER (PARTITION BY o."customerId" ORDER BY o."processedAt", o.id) AS running
  FROM "Order" o
  WHERE ${counted} AND ${inSet(`o."customerId"`, `SELECT cid FROM _db WHERE net >= (SELECT min(t) FROM unnest(${spend}) t)`, args.full)}
), numbered AS (
  SELECT o."customerId" AS cid, o."processedAt" AS at,
         row_number() OVER (PARTITION BY o."customerId" ORDER BY o."processedAt", o.id)::int AS k
  FROM "Order" o
  WHERE ${counted} AND ${inSet(`o."customerId"`, `SELECT cid FROM _db WHERE n >= (SELECT min(t) FROM unnest(${orders}) t)`, args.full)}
)
SELECT s.cid, 'lifetime_spend'::text AS kind, t.v AS threshold, min(s.at) AS reached
FROM spend s JOIN unnest(${spend}) t(v) ON s.running >= t.v
JOIN _db d ON d.cid = s.cid AND d.net >= t.v
GROUP BY s.cid, t.v
UNION ALL
SELECT n.cid, 'order_count', t.v::numeric, n.at FROM numbered n JOIN unnest(${orders}) t(v) ON n.k = t.v
UNION ALL
SELECT d.cid, 'anniversary_years', t.v::numeric, d.first_at + make_interval(days => 365 * t.v)
FROM _db d CROSS JOIN unnest(${years}) t(v)
WHERE d.first_at IS NOT NULL AND d.first_at + make_interval(days => 365 * t.v) <= ${asOf}`,
    p.values,
  );
}

/** Held milestones no longer held; in a full run any customer's, else the dirty and gone customers'. */
export async function dropStaleMilestones(client: Queryable, args: { shop: string; full: boolean }): Promise<void> {
  await client.query(
    `
DELETE FROM "CustomerMilestone" m WHERE m.shop = $1 ${args.full ? "" : `AND m."customerId" = ANY(ARRAY(SELECT cid FROM _d UNION ALL SELECT cid FROM _gone))`}
  AND NOT EXISTS (SELECT 1 FROM _ms WHERE _ms.cid = m."customerId" AND _ms.kind = m.kind AND _ms.threshold = m.threshold)`,
    [args.shop],
  );
}

/**
 * Held milestones reached at another instant now; an incremental run looks only at the dirty
 * customers' rows. Two statements (move, then insert new) rather than the refresh's single upsert:
 * ON CONFLICT DO UPDATE would lock, and so write, every unchanged held row of the run.
 */
export async function moveMilestones(client: Queryable, args: { shop: string; full: boolean }): Promise<void> {
  await client.query(
    `
UPDATE "CustomerMilestone" m SET "reachedAt" = _ms.reached
FROM _ms WHERE m.shop = $1 ${args.full ? "" : `AND m."customerId" = ANY(ARRAY(SELECT cid FROM _d))`}
  AND m."customerId" = _ms.cid AND m.kind = _ms.kind AND m.threshold = _ms.threshold AND m."reachedAt" <> _ms.reached`,
    [args.shop],
  );
}

/** Milestones first held in this run, recorded at asOf; returns how many. */
export async function insertNewMilestones(client: Queryable, args: { shop: string; asOf: string }): Promise<number> {
  const result = await client.query(
    `
INSERT INTO "CustomerMilestone" (shop, "customerId", kind, threshold, "reachedAt", "recordedAt")
SELECT $1, cid, kind, threshold, reached, $2::timestamp FROM _ms ORDER BY cid, kind, threshold
ON CONFLICT (shop, "customerId", kind, threshold) DO NOTHING`,
    [args.shop, args.asOf],
  );
  return result.rowCount ?? 0;
}
