// Group summaries for the lift comparison, per campaign or pooled per pillar, from the same
// window rule for messaged and holdout customers (attribution.ts#windowOutcomes).
import type { Db } from "~/db.server";
import type { GroupSummary } from "~/attribution/rules/lift";
import { SqlParams, type Statement } from "~/db/params";
import { IN_WINDOW, qualifyingOrders, touches } from "./sql.server";

export interface ArmSummaries {
  messaged: GroupSummary;
  holdout: GroupSummary;
}

const EMPTY: GroupSummary = { customers: 0, converted: 0, revenueMean: 0, revenueVariance: 0 };

// A unit is (campaign, customer); its orders are the distinct qualifying orders inside any of
// its windows. Customers with both sent and held-out rows in one campaign are left out.
export function liftSummaryStatement(args: {
  shop: string;
  campaignIds: readonly string[];
  key: "campaignId" | "pillar";
}): Statement {
  const p = new SqlParams();
  const shop = p.add(args.shop);
  const campaigns = p.add(args.campaignIds, "text[]");
  const { key } = args;
  const text = `
  WITH t AS (${touches({ shop })} AND m."campaignId" = ANY(${campaigns})),
  units AS (
    SELECT "campaignId", "customerId", min(pillar) AS pillar, bool_and("heldOut") AS held, bool_or("heldOut") AS any_held
    FROM t GROUP BY "campaignId", "customerId"
  ),
  unit_orders AS (
    SELECT DISTINCT t."campaignId", t."customerId", o.id, o.net
    FROM t JOIN LATERAL (${qualifyingOrders({ shop, where: `AND o."customerId" = t."customerId" AND ${IN_WINDOW}` })}) o ON true
  ),
  per_unit AS (
    SELECT u."${key}" AS key, u.held, count(uo.id) > 0 AS converted, COALESCE(sum(uo.net), 0) AS revenue
    FROM units u LEFT JOIN unit_orders uo ON uo."campaignId" = u."campaignId" AND uo."customerId" = u."customerId"
    WHERE u.held = u.any_held
    GROUP BY u."campaignId", u."customerId", u."${key}", u.held
  )
  SELECT key, held, count(*)::int AS customers, count(*) FILTER (WHERE converted)::int AS converted,
         avg(revenue)::float8 AS mean, COALESCE(var_samp(revenue), 0)::float8 AS variance
  FROM per_unit GROUP BY key, held`;
  return { text, values: p.values };
}

/** Messaged and holdout summaries of each key (campaign id or pillar) among the given campaigns. */
export async function armSummaries(
  db: Db,
  shop: string,
  campaignIds: readonly string[],
  by: "campaignId" | "pillar",
): Promise<Map<string, ArmSummaries>> {
  const result = new Map<string, ArmSummaries>();
  if (campaignIds.length === 0) return result;
  const statement = liftSummaryStatement({ shop, campaignIds, key: by });
  const rows = await db.pool.query<{
    key: string;
    held: boolean;
    customers: number;
    converted: number;
    mean: number;
    variance: number;
  }>(statement.text, statement.values);
  for (const row of rows.rows) {
    const entry = result.get(row.key) ?? { messaged: EMPTY, holdout: EMPTY };
    const summary = {
      customers: row.customers,
      converted: row.converted,
      revenueMean: row.mean,
      revenueVariance: row.variance,
    };
    result.set(row.key, row.held ? { ...entry, holdout: summary } : { ...entry, messaged: summary });
  }
  return result;
}
