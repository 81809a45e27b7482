// Time series for the charts: per day or ISO week in the shop's timezone.
import type { Db } from "~/db.server";

export type Bucket = "day" | "week";

export interface SeriesPoint {
  /** First day of the period, YYYY-MM-DD in the shop's timezone. */
  period: string;
  sent: number;
  clicked: number;
  converted: number;
  revenue: string;
}

// Timestamps are stored as UTC wall time (Prisma's timestamp(3)); convert before truncating.
const local = (column: string) => `date_trunc($3, (${column} AT TIME ZONE 'UTC') AT TIME ZONE $4)::date`;

const SERIES_SQL = `
  WITH events AS (
    SELECT ${local(`"sentAt"`)} AS period, 1 AS sent, 0 AS clicked, 0 AS converted, 0::numeric AS revenue
    FROM "Message" WHERE shop = $1 AND "campaignId" = ANY($2::text[]) AND status = 'sent' AND "sentAt" IS NOT NULL
    UNION ALL
    SELECT ${local(`"clickedAt"`)}, 0, 1, 0, 0 FROM "MessageClick" WHERE shop = $1 AND "campaignId" = ANY($2::text[])
    UNION ALL
    SELECT ${local(`"orderAt"`)}, 0, 0, 1, revenue FROM "Conversion" WHERE shop = $1 AND "campaignId" = ANY($2::text[])
  )
  SELECT to_char(period, 'YYYY-MM-DD') AS period, sum(sent)::int AS sent, sum(clicked)::int AS clicked,
         sum(converted)::int AS converted, round(sum(revenue), 2)::text AS revenue
  FROM events GROUP BY period ORDER BY period`;

export async function timeSeries(
  db: Db,
  shop: string,
  campaignIds: readonly string[],
  bucket: Bucket,
  timezone: string,
): Promise<SeriesPoint[]> {
  if (campaignIds.length === 0) return [];
  const rows = await db.pool.query<SeriesPoint>(SERIES_SQL, [shop, campaignIds, bucket, timezone]);
  return rows.rows;
}
