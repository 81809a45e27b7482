// The data behind Home's pictures: customers by lifecycle stage, by predicted-CLV band and by RFM
// cell, and the predicted revenue of the next 90 days by stage. One pass over the shop's profiles
// grouped by (stage, CLV band, R, F): the database aggregates, whatever the store's size, and at
// most a few hundred groups come back for home-charts.ts to fold into each picture.
import type { Db } from "~/db.server";
import { CLV_EDGES, homeChartsFrom, type HomeCharts, type ProfileGroup } from "./home-charts";

export type { HomeCharts };

const HOME_CHARTS_SQL = `
SELECT "lifecycleStage" AS stage, width_bucket("predictedClv", $2::float8[]) AS bucket,
       "rScore" AS r, "fScore" AS f, count(*)::int AS customers,
       sum("predictedPurchases90d" * "expectedOrderValue") AS revenue90,
       count("predictedPurchases90d" * "expectedOrderValue")::int AS predicted90
  FROM "CustomerProfile" WHERE shop = $1
 GROUP BY 1, 2, 3, 4`;

export async function homeCharts(db: Db, shop: string): Promise<HomeCharts> {
  const { rows } = await db.pool.query<ProfileGroup>(HOME_CHARTS_SQL, [shop, CLV_EDGES]);
  return homeChartsFrom(rows);
}
