// Conversion over time for messaged vs held-out customers: each touch (a sent message at its send
// time, a holdout at its would-be send time) counts in the period it happened, and converts when a
// qualifying order falls in its attribution window — the same rule as the lift (sql.server.ts).
import type { Db } from "~/db.server";
import { SqlParams } from "~/db/params";
import type { Bucket } from "./series.server";
import { IN_WINDOW, qualifyingOrders, touches } from "./sql.server";

export interface ArmPoint {
  /** First day of the period, YYYY-MM-DD in the shop's timezone. */
  period: string;
  messaged: number;
  messagedConverted: number;
  heldOut: number;
  heldOutConverted: number;
}

export async function armSeries(
  db: Db,
  shop: string,
  campaignIds: readonly string[],
  bucket: Bucket,
  timezone: string,
): Promise<ArmPoint[]> {
  if (campaignIds.length === 0) return [];
  const p = new SqlParams();
  const s = p.add(shop);
  const campaigns = p.add(campaignIds, "text[]");
  const unit = p.add(bucket);
  const tz = p.add(timezone);
  const text = `
  WITH t AS (${touches({ shop: s })} AND m."campaignId" = ANY(${campaigns})),
  outcome AS (
    SELECT date_trunc(${unit}, (t.at AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date AS period, t."heldOut",
           EXISTS (${qualifyingOrders({ shop: s, where: `AND o."customerId" = t."customerId" AND ${IN_WINDOW}` })}) AS converted
    FROM t
  )
  SELECT to_char(period, 'YYYY-MM-DD') AS period,
         count(*) FILTER (WHERE NOT "heldOut")::int AS messaged,
         count(*) FILTER (WHERE NOT "heldOut" AND converted)::int AS "messagedConverted",
         count(*) FILTER (WHERE "heldOut")::int AS "heldOut",
         count(*) FILTER (WHERE "heldOut" AND converted)::int AS "heldOutConverted"
  FROM outcome GROUP BY period ORDER BY period`;
  const rows = await db.pool.query<ArmPoint>(text, p.values);
  return rows.rows;
}
