// The shop's top-percent cuts for the segment rule "top" (app/segments/rules/top.ts), written at the
// end of each whole-shop recompute from the profiles it just wrote. For p = 1..50 the cut is the
// measure of the customer at rank ceil(n·p/100) among the n customers that have it, best first:
// "rfm" = (R+F+M, net spend) in that order, "predictedClv" = the predicted CLV. One sort per
// measure, here, instead of a window function in every segment count. Values go out as text so
// that PostgreSQL and JavaScript read the same number back.
import { TOP_PERCENT_MAX } from "~/segments/rules";

interface Queryable {
  query(text: string, values: unknown[]): Promise<unknown>;
}

const cutsOf = (measure: string, where: string, value: string) => `
COALESCE((SELECT jsonb_agg(${value} ORDER BY p) FROM generate_series(1, ${TOP_PERCENT_MAX}) p
  JOIN (SELECT *, row_number() OVER (ORDER BY ${measure}) AS k, count(*) OVER () AS n
          FROM "CustomerProfile" WHERE shop = $1 AND ${where}) r ON r.k = ceil(r.n * p / 100.0)), '[]'::jsonb)`;

/** $1 = shop. Leaves a shop without a ShopIntelligence row (no recompute yet) untouched. */
export const TOP_CUTS_UPDATE = `
UPDATE "ShopIntelligence" SET "topCuts" = jsonb_build_object(
  'rfm', ${cutsOf(
    `"rScore" + "fScore" + "mScore" DESC, "netSpend" DESC`,
    `"rScore" IS NOT NULL AND "fScore" IS NOT NULL AND "mScore" IS NOT NULL`,
    `jsonb_build_array(r."rScore" + r."fScore" + r."mScore", r."netSpend"::text)`,
  )},
  'predictedClv', ${cutsOf(`"predictedClv" DESC`, `"predictedClv" IS NOT NULL`, `to_jsonb(r."predictedClv"::text)`)})
WHERE shop = $1`;

export async function writeTopCuts(client: Queryable, shop: string): Promise<void> {
  await client.query(TOP_CUTS_UPDATE, [shop]);
}
