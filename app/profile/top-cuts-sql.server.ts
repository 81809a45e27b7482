// The shop's top-percent cuts for the segment rule "top" (app/segments/rules/top.ts), written at the
// end of each whole-shop recompute from the profiles it just wrote. For p = 1..50 the cut is the
// measure of the customer at rank ceil(n·p/100) among the n customers that have it, best first:
// "rfm" = (R+F+M, net spend) in that order, "predictedClv" = the predicted CLV. One bounded sort per
// measure here (only the better half is ranked) instead of a window function in every segment
// count. Values go out as text so that PostgreSQL and JavaScript read the same number back.
import { TOP_PERCENT_MAX } from "~/segments/rules/types";

interface Queryable {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** A jsonb array of the 50 cuts, best first; [] when no customer has the measure. */
const cutsOf = (order: string, where: string, value: string) => `(
WITH ranks AS (
  SELECT p, ceil(n * p / 100.0)::int8 AS k
    FROM (SELECT count(*) AS n FROM "CustomerProfile" WHERE shop = $1 AND ${where}) c, generate_series(1, ${TOP_PERCENT_MAX}) p
   WHERE n > 0
), best AS (
  SELECT ${value} AS v, row_number() OVER (ORDER BY ${order}) AS k
    FROM (SELECT * FROM "CustomerProfile" WHERE shop = $1 AND ${where}
           ORDER BY ${order} LIMIT (SELECT coalesce(max(k), 0) FROM ranks)) top
)
SELECT coalesce(jsonb_agg(best.v ORDER BY ranks.p), '[]'::jsonb) FROM ranks JOIN best ON best.k = ranks.k)`;

/** $1 = shop. Leaves a shop without a ShopIntelligence row (no recompute yet) untouched. */
export const TOP_CUTS_UPDATE = `
UPDATE "ShopIntelligence" SET "topCuts" = jsonb_build_object(
  'rfm', ${cutsOf(
    `"rScore" + "fScore" + "mScore" DESC, "netSpend" DESC`,
    `"rScore" IS NOT NULL AND "fScore" IS NOT NULL AND "mScore" IS NOT NULL`,
    `jsonb_build_array(top."rScore" + top."fScore" + top."mScore", top."netSpend"::text)`,
  )},
  'predictedClv', ${cutsOf(`"predictedClv" DESC`, `"predictedClv" IS NOT NULL`, `to_jsonb(top."predictedClv"::text)`)})
WHERE shop = $1`;

export async function writeTopCuts(client: Queryable, shop: string): Promise<void> {
  await client.query(TOP_CUTS_UPDATE, [shop]);
}
