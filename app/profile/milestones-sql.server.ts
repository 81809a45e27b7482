// Set-based milestones (same definitions as app/profile/rules/milestones.ts). $1 = shop,
// $2 = asOf ISO string, $3 = spend thresholds numeric[], $4 = order counts int[],
// $5 = anniversary years int[]. For the dirty customers only, from their fresh aggregates in _db
// and their orders: a clean customer's milestones cannot have changed (docs/decisions/0071).
import { inSet } from "./recompute-sql.server";

const COUNTED = `o.shop = $1 AND o."cancelledAt" IS NULL AND NOT o.test AND o."processedAt" <= $2::timestamp`;

/** Only customers whose totals reach the lowest threshold have their orders walked. */
export const MILESTONES_TEMP = (full: boolean) => `
CREATE TEMP TABLE _ms ON COMMIT DROP AS
WITH spend AS (
  SELECT o."customerId" AS cid, o."processedAt" AS at,
         sum(o."totalPrice" - o."totalRefunded") OVER (PARTITION BY o."customerId" ORDER BY o."processedAt", o.id) AS running
  FROM "Order" o
  WHERE ${COUNTED} AND ${inSet(`o."customerId"`, `SELECT cid FROM _db WHERE net >= (SELECT min(t) FROM unnest($3::numeric[]) t)`, full)}
), numbered AS (
  SELECT o."customerId" AS cid, o."processedAt" AS at,
         row_number() OVER (PARTITION BY o."customerId" ORDER BY o."processedAt", o.id)::int AS k
  FROM "Order" o
  WHERE ${COUNTED} AND ${inSet(`o."customerId"`, `SELECT cid FROM _db WHERE n >= (SELECT min(t) FROM unnest($4::int[]) t)`, full)}
)
SELECT s.cid, 'lifetime_spend'::text AS kind, t.v AS threshold, min(s.at) AS reached
FROM spend s JOIN unnest($3::numeric[]) t(v) ON s.running >= t.v
JOIN _db d ON d.cid = s.cid AND d.net >= t.v
GROUP BY s.cid, t.v
UNION ALL
SELECT n.cid, 'order_count', t.v::numeric, n.at FROM numbered n JOIN unnest($4::int[]) t(v) ON n.k = t.v
UNION ALL
SELECT d.cid, 'anniversary_years', t.v::numeric, d.first_at + make_interval(days => 365 * t.v)
FROM _db d CROSS JOIN unnest($5::int[]) t(v)
WHERE d.first_at IS NOT NULL AND d.first_at + make_interval(days => 365 * t.v) <= $2::timestamp`;

/** Held milestones no longer held; in a full run any customer's, else the dirty and gone customers'. */
export const milestonesDropStale = (full: boolean) => `
DELETE FROM "CustomerMilestone" m WHERE m.shop = $1 ${full ? "" : `AND m."customerId" = ANY(ARRAY(SELECT cid FROM _d UNION ALL SELECT cid FROM _gone))`}
  AND NOT EXISTS (SELECT 1 FROM _ms WHERE _ms.cid = m."customerId" AND _ms.kind = m.kind AND _ms.threshold = m.threshold)`;

/**
 * Held milestones reached at another instant now; an incremental run looks only at the dirty
 * customers' rows. Two statements (move, then insert new) rather than the refresh's single upsert:
 * ON CONFLICT DO UPDATE would lock, and so write, every unchanged held row of the run.
 */
export const milestonesMove = (full: boolean) => `
UPDATE "CustomerMilestone" m SET "reachedAt" = _ms.reached
FROM _ms WHERE m.shop = $1 ${full ? "" : `AND m."customerId" = ANY(ARRAY(SELECT cid FROM _d))`}
  AND m."customerId" = _ms.cid AND m.kind = _ms.kind AND m.threshold = _ms.threshold AND m."reachedAt" <> _ms.reached`;

export const MILESTONES_INSERT_NEW = `
INSERT INTO "CustomerMilestone" (shop, "customerId", kind, threshold, "reachedAt", "recordedAt")
SELECT $1, cid, kind, threshold, reached, $2::timestamp FROM _ms ORDER BY cid, kind, threshold
ON CONFLICT (shop, "customerId", kind, threshold) DO NOTHING`;
