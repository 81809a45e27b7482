// The data behind Home's pictures: customers by lifecycle stage and by predicted-CLV band.
import type { Db } from "~/db.server";
import { CLV_EDGES, clvBands, stageCounts, type ClvBand, type StageCount } from "./home-charts";

export interface HomeCharts {
  stages: StageCount[];
  clv: ClvBand[];
  /** Customers with a profile but no prediction (too little history for the model). */
  clvUnpredicted: number;
}

export async function homeCharts(db: Db, shop: string): Promise<HomeCharts> {
  const [stages, bands] = await Promise.all([
    db.pool.query<{ stage: string; customers: number }>(
      `SELECT "lifecycleStage" AS stage, count(*)::int AS customers FROM "CustomerProfile" WHERE shop = $1 GROUP BY 1`,
      [shop],
    ),
    db.pool.query<{ bucket: number | null; customers: number }>(
      `SELECT width_bucket("predictedClv", $2::float8[]) AS bucket, count(*)::int AS customers
         FROM "CustomerProfile" WHERE shop = $1 GROUP BY 1`,
      [shop, CLV_EDGES],
    ),
  ]);
  const predicted = bands.rows.filter((r): r is { bucket: number; customers: number } => r.bucket !== null);
  return {
    stages: stageCounts(stages.rows),
    clv: clvBands(predicted),
    clvUnpredicted: bands.rows.find((r) => r.bucket === null)?.customers ?? 0,
  };
}
