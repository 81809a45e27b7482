// The shop-level state the single-customer refresh needs: RFM cut points from the last recompute,
// the CLV model fit (params only when status is "ok"), the config it ran with, and the shop's
// timezone (purchase days; the recompute reads it with shopTimeZone).
import type pg from "pg";
import type { Queryable } from "~/db/queryable";
import type { ClvModelParams } from "~/profile/rules/clv/fit";
import { defaultHorizon, type HorizonOptions } from "~/profile/rules/clv/predict";
import type { ShopModel } from "~/profile/rules/customer";
import { calendarTimeZone } from "~/profile/rules/occasions";
import type { Cuts } from "~/profile/rules/rfm";

export type CutsRow = Record<`${"r" | "f" | "m"}${2 | 3 | 4 | 5}`, number | null> & { customers: number };

/** JSON has no Infinity: an unreachable score is stored as null. */
type StoredCuts = Record<"r" | "f" | "m", (number | null)[]>;

export function cutsFromRow(row: CutsRow): StoredCuts {
  const pick = (d: "r" | "f" | "m") => ([2, 3, 4, 5] as const).map((s) => row[`${d}${s}`]);
  return { r: pick("r"), f: pick("f"), m: pick("m") };
}

const toCuts = (values: (number | null)[] | undefined): Cuts | null =>
  values && values.length === 4 ? (values.map((v) => (v === null ? Infinity : v)) as Cuts) : null;

export async function loadShopModel(pool: pg.Pool, shop: string): Promise<ShopModel> {
  const { rows } = await pool.query<{
    cuts: StoredCuts | null;
    status: string | null;
    params: (Partial<ClvModelParams> & { horizon?: HorizonOptions }) | null;
    tz: string | null;
  }>(
    `SELECT s."rfmCuts" AS cuts, f.status, f.params, sh."ianaTimezone" AS tz
     FROM (SELECT $1::text AS shop) k
     LEFT JOIN "ShopIntelligence" s ON s.shop = k.shop
     LEFT JOIN "ClvModelFit" f ON f.shop = k.shop
     LEFT JOIN "Shop" sh ON sh.domain = k.shop`,
    [shop],
  );
  const row = rows[0];
  const r = toCuts(row.cuts?.r);
  const f = toCuts(row.cuts?.f);
  const m = toCuts(row.cuts?.m);
  const params = row.params;
  const clv =
    row.status === "ok" && params?.bgnbd && params.gammaGamma
      ? { bgnbd: params.bgnbd, gammaGamma: params.gammaGamma }
      : null;
  return {
    cuts: r && f && m ? { r, f, m } : null,
    clv,
    horizon: params?.horizon ?? defaultHorizon,
    timeZone: calendarTimeZone(row.tz),
  };
}

/** The timezone whose calendar days are purchase days (UTC when the shop has none Rapport knows). */
export async function shopTimeZone(client: Queryable, shop: string): Promise<string> {
  const { rows } = await client.query<{ tz: string }>(`SELECT "ianaTimezone" AS tz FROM "Shop" WHERE domain = $1`, [
    shop,
  ]);
  return calendarTimeZone(rows[0]?.tz);
}
