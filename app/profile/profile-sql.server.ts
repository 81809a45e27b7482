// The profile half of the whole-shop recompute (after recompute-sql.server.ts): the dirty customers'
// order aggregates, favourites (_fav, from favourites-stage.server.ts), returns and consent (_db),
// written as they are in an incremental run; the time-relative fields follow
// (profile-time-sql.server.ts). Statement functions take named arguments (docs/decisions/0164).
import type { Queryable } from "~/db/queryable";
import { inDirty, localDaySql } from "./recompute-sql.server";

/** _db: the dirty customers' aggregates, favourites, returns and consent. */
export async function createDirtyBase(client: Queryable, args: { shop: string; full: boolean }): Promise<void> {
  const { full } = args;
  await client.query(
    `
CREATE TEMP TABLE _db ON COMMIT DROP AS
WITH returns AS (
  SELECT "customerId" AS cid, count(DISTINCT "returnId")::int AS returns, sum(quantity)::int AS items
  FROM "ReturnLineItem" WHERE shop = $1 AND ${inDirty(`"customerId"`, full)} GROUP BY 1
)
SELECT d.cid, c."emailMarketing" = 'SUBSCRIBED' AS email_ok, c."smsMarketing" = 'SUBSCRIBED' AS sms_ok,
  coalesce(o.n, 0) AS n, coalesce(o.gross, 0) AS gross, coalesce(o.net, 0) AS net, o.first_at, o.last_at,
  coalesce(o.first_net, 0) AS first_net, coalesce(o.days, 0) AS days, o.first_day, o.last_day,
  coalesce(o.first_day_net, 0) AS first_day_net, f.pid AS fav_pid, f.cat AS fav_cat, f.size,
  coalesce(rt.returns, 0) AS returns, coalesce(rt.items, 0) AS items
FROM _d d
JOIN "Customer" c ON c.shop = $1 AND c.id = d.cid AND ${inDirty("c.id", full)}
LEFT JOIN _o o ON o.cid = d.cid
LEFT JOIN _fav f ON f.cid = d.cid
LEFT JOIN returns rt ON rt.cid = d.cid`,
    [args.shop],
  );
}

/** The stored aggregates: profile column and its expression over _db's columns. */
export const BASE = [
  ["orderCount", "n"],
  ["grossSpend", "gross"],
  ["netSpend", "net"],
  ["aov", "CASE WHEN n > 0 THEN round(net / n, 4) ELSE 0 END"],
  ["firstOrderAt", "first_at"],
  ["lastOrderAt", "last_at"],
  ["firstOrderNet", "first_net"],
  ["purchaseDays", "days"],
  ["firstPurchaseDay", "first_day"],
  ["lastPurchaseDay", "last_day"],
  ["firstDayNet", "first_day_net"],
  ["avgGapDays", "CASE WHEN n > 1 THEN extract(epoch FROM last_at - first_at)::float8 / 86400 / (n - 1) END"],
  ["historicalClv", "net"],
  ["returnCount", "returns"],
  ["returnedItems", "items"],
  ["favouriteProductId", "fav_pid"],
  ["favouriteCategory", "fav_cat"],
  ["usualSize", "size"],
  ["emailSubscribed", "email_ok"],
  ["smsSubscribed", "sms_ok"],
] as const;

/** Incremental: upserts the dirty customers' stored aggregates (time-relative fields follow in updateTimeFields). */
export async function writeBaseProfiles(client: Queryable, args: { shop: string; asOf: string }): Promise<void> {
  await client.query(
    `
INSERT INTO "CustomerProfile" (shop, "customerId", ${BASE.map(([c]) => `"${c}"`).join(", ")}, "asOf", "computedAt")
SELECT $1, cid, ${BASE.map(([, e]) => e).join(", ")}, $2::timestamp, now() FROM _db ORDER BY cid
ON CONFLICT (shop, "customerId") DO UPDATE SET ${BASE.map(([c]) => `"${c}" = EXCLUDED."${c}"`).join(", ")}`,
    [args.shop, args.asOf],
  );
}

/** Deletes the profiles of the customers in _gone. */
export async function deleteGoneProfiles(client: Queryable, args: { shop: string }): Promise<void> {
  await client.query(
    `DELETE FROM "CustomerProfile" WHERE shop = $1 AND "customerId" = ANY(ARRAY(SELECT cid FROM _gone))`,
    [args.shop],
  );
}

// date_part is float8; extract() is numeric since PostgreSQL 14 and several times slower per row.
// Exact for whole-millisecond instants: a whole-day interval divides to an exact integer.
export const DAYS = (from: string, to: string) => `floor(date_part('epoch', ${to} - ${from}) / 86400)::int`;

/**
 * _a: every customer with an order, with the CLV summary over purchase days in the shop's timezone
 * (x repeat occasions, t_x and T in calendar days, zbar per repeat occasion; 0205) and the RFM
 * inputs (per order). An incremental run reads the stored aggregates; a full run, which writes each
 * profile once, reads them from _db.
 */
export async function createSummary(
  client: Queryable,
  args: { shop: string; asOf: string; timeZone: string; full: boolean },
): Promise<void> {
  const [cid, n, last, net, days, firstDay, lastDay, firstDayNet, from, values] = args.full
    ? [
        "cid",
        "n",
        "last_at",
        "net",
        "days",
        "first_day",
        "last_day",
        "first_day_net",
        "_db WHERE n > 0",
        [args.asOf, args.timeZone],
      ]
    : [
        `"customerId"`,
        `"orderCount"`,
        `"lastOrderAt"`,
        `"netSpend"`,
        `"purchaseDays"`,
        `"firstPurchaseDay"`,
        `"lastPurchaseDay"`,
        `"firstDayNet"`,
        `"CustomerProfile" WHERE shop = $3 AND "orderCount" > 0`,
        [args.asOf, args.timeZone, args.shop],
      ];
  await client.query(
    `
CREATE TEMP TABLE _a ON COMMIT DROP AS
SELECT ${cid} AS cid, ${n} AS n, ${last} AS last_at, ${net} AS net, ${days} - 1 AS x,
  ${lastDay} - ${firstDay} AS tx, ${localDaySql("$1::timestamp", "$2::text")} - ${firstDay} AS t_cal,
  CASE WHEN ${days} > 1 THEN (${net} - ${firstDayNet})::float8 / (${days} - 1) ELSE 0 END AS zbar
FROM ${from}`,
    values,
  );
}
