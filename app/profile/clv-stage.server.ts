// The CLV step of the whole-shop recompute: reads the grouped (x, t_x, T) summary and the repeat
// customers' order values from the temp table _a (profile-sql.server.ts), fits in JS, and writes
// per-group predictions to the temp table _pred for the profile INSERT to join.
// Transfers avoid a million row objects: the groups come by COPY text, the (small) monetary sample
// as one string_agg value, the predictions go back by binary COPY. Both reads are ordered: the fit
// sums in input order, so the same data must always arrive in the same order.
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { copyInto } from "~/db.server";
import { expectedPurchases } from "~/profile/rules/clv/bgnbd";
import { NEXT_DAYS, predictPurchases, type HorizonOptions } from "~/profile/rules/clv/predict";
import { fitClv, type ClvFitOptions, type ClvFitResult } from "~/profile/rules/clv/fit";
import type { MonetaryData, SummaryGroups } from "~/profile/rules/clv/summary";
import { predictionCopyChunks } from "./rules/pred-copy";

export interface ClvStageOptions {
  fit: ClvFitOptions;
  horizon: HorizonOptions;
  /** Above this many repeat customers the Gamma-Gamma fit uses a deterministic hash sample. */
  maxMonetary: number;
}

function columns(text: string | null, width: number): Float64Array[] {
  const cells = text ? text.split(",") : [];
  const n = cells.length / width;
  const out = Array.from({ length: width }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let c = 0; c < width; c++) out[c][i] = Number(cells[i * width + c]);
  return out;
}

/** Whole numbers of a COPY text stream (tab- and newline-separated integer columns), in order. */
async function copyIntegers(stream: AsyncIterable<Buffer>): Promise<number[]> {
  const out: number[] = [];
  let value = 0;
  let sign = 1;
  for await (const chunk of stream) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
      else if (c === 45) sign = -1;
      else {
        out.push(sign * value);
        value = 0;
        sign = 1;
      }
    }
  }
  return out;
}

/**
 * The (x, t_x, T) groups with their counts, in key order: COPY text rather than one huge string_agg,
 * and grouped from sorted input so the ORDER BY costs no second sort.
 */
export async function readGroups(client: pg.PoolClient): Promise<SummaryGroups> {
  const cells = await copyIntegers(
    client.query(
      copyTo(`COPY (SELECT x, tx, t_cal, count(*) FROM _a WHERE n > 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) TO STDOUT`),
    ),
  );
  const n = cells.length / 4;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = cells[4 * i];
    tx[i] = cells[4 * i + 1];
    T[i] = cells[4 * i + 2];
    weight[i] = cells[4 * i + 3];
  }
  return { x, tx, T, weight };
}

export async function readMonetary(client: pg.PoolClient, max: number): Promise<MonetaryData> {
  const { rows: count } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM _a WHERE x > 0 AND zbar > 0`,
  );
  const every = Math.max(1, Math.ceil(count[0].n / max));
  const { rows } = await client.query<{ data: string | null }>(
    `SELECT string_agg(x || ',' || zbar::text, ',' ORDER BY cid) AS data FROM _a WHERE x > 0 AND zbar > 0 AND abs(hashint8(cid)) % $1 = 0`,
    [every],
  );
  const [x, zbar] = columns(rows[0].data, 2);
  // Re-weight the hash sample so it stands for every repeat customer.
  const weight = new Float64Array(x.length).fill(x.length > 0 ? count[0].n / x.length : 1);
  return { x, zbar, weight };
}

/** `lap(name)` records the time since the previous lap (the recompute's timings). */
export async function fitAndPredict(
  client: pg.PoolClient,
  options: ClvStageOptions,
  lap: (name: string) => void = () => undefined,
): Promise<ClvFitResult> {
  await client.query(
    `CREATE TEMP TABLE _pred (x int, tx int, t_cal int, ey float8, pa float8, disc float8, e90 float8) ON COMMIT DROP`,
  );
  const groups = await readGroups(client);
  const monetary = await readMonetary(client, options.maxMonetary);
  lap("clvRead");
  const result = fitClv(groups, monetary, options.fit);
  lap("clvFit");
  if (result.status !== "ok") return result;
  const n = groups.x.length;
  const ey = new Float64Array(n);
  const pa = new Float64Array(n);
  const disc = new Float64Array(n);
  const e90 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = predictPurchases(result.params.bgnbd, groups.x[i], groups.tx[i], groups.T[i], options.horizon);
    ey[i] = p.predictedPurchases;
    pa[i] = p.probabilityAlive;
    disc[i] = p.discountedPurchases;
    e90[i] = expectedPurchases(result.params.bgnbd, NEXT_DAYS, groups.x[i], groups.tx[i], groups.T[i]);
  }
  lap("clvPredict");
  await copyInto(
    client,
    "COPY _pred (x, tx, t_cal, ey, pa, disc, e90) FROM STDIN WITH (FORMAT binary)",
    predictionCopyChunks({ ...groups, ey, pa, disc, e90 }),
  );
  await client.query("ANALYZE _pred");
  return result;
}
