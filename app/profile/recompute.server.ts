// Whole-shop recompute, set-based in PostgreSQL: per-customer order aggregates, favourites, RFM
// quintiles, lifecycle, CLV (fit in JS on the grouped summary, predictions joined back by group),
// milestones. Rolling-window affinity is not stored: it is computed when read (docs/decisions/0087).
// Per-customer work is redone only for customers whose rows changed or whom time moved across an
// edge (docs/decisions/0071); the rest reuse their stored aggregates. One transaction: readers see
// the old or the new state, never a mix.
// Orders never leave the database; only (x, t_x, T) groups and the repeat customers' order values do.
import type { AppContext } from "~/runtime/app-context.server";
import { defaultClvFitOptions, type ClvFitResult } from "~/profile/rules/clv/fit";
import { defaultHorizon } from "~/profile/rules/clv/predict";
import { defaultMetricsConfig, type MetricsConfig } from "~/profile/rules/config";
import { fitAndPredict, type ClvStageOptions } from "./clv-stage.server";
import { writeFavourites } from "./favourites-stage.server";
import { createMilestones, dropStaleMilestones, insertNewMilestones, moveMilestones } from "./milestones-sql.server";
import { createDirtyBase, createSummary, deleteGoneProfiles, writeBaseProfiles } from "./profile-sql.server";
import {
  createCuts,
  readCuts,
  updateProspects,
  updateTimeFields,
  writeFullProfiles,
  type TimeArgs,
} from "./profile-time-sql.server";
import { recomputeScope } from "./recompute-scope.server";
import { createChanged, createDirtyAndGone, createOrderAggregates } from "./recompute-sql.server";
import { lockShopProfiles } from "./shop-lock.server";
import { cutsFromRow, shopTimeZone } from "./shop-state.server";
import { writeTopCuts } from "./top-cuts-sql.server";

export type IntelligenceDeps = Pick<AppContext, "db" | "now" | "log">;

export interface RecomputeOptions {
  config: MetricsConfig;
  clv: ClvStageOptions;
  /** Rebuild every customer even when the last run's state allows an incremental run. */
  full?: boolean;
}

export const defaultRecomputeOptions: RecomputeOptions = {
  config: defaultMetricsConfig,
  clv: { fit: defaultClvFitOptions, horizon: defaultHorizon, maxMonetary: 20_000 },
};

export interface RecomputeResult {
  asOf: Date;
  /** "full": every customer rebuilt; "incremental": only the dirty ones, time-relative fields for all. */
  mode: "full" | "incremental";
  customers: number;
  /** Customers whose per-customer aggregates, favourites and milestones were rebuilt. */
  dirty: number;
  clv: ClvFitResult;
  /** Milestones first held in this run; read them with recordedAt = asOf (CustomerMilestone). */
  newMilestones: number;
  timings: Record<string, number>;
}

export async function recomputeShop(
  deps: IntelligenceDeps,
  shop: string,
  options: RecomputeOptions = defaultRecomputeOptions,
): Promise<RecomputeResult> {
  const asOf = deps.now();
  const at = asOf.toISOString();
  const { config } = options;
  const timings: Record<string, number> = {};
  let started = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - started);
    started = now;
  };
  const client = await deps.db.pool.connect();
  try {
    await client.query("BEGIN");
    // Before any row lock: a refresh writing beside the recompute deadlocked with it (0216).
    await lockShopProfiles(client, shop);
    // Derived data: a crash may lose the last commit (the next run redoes it), never corrupt it.
    await client.query("SET LOCAL synchronous_commit = off");
    // Purchase days are the shop's calendar days (0205): the timezone is part of the stored config,
    // so a change of timezone (or the first run after the purchase-day columns came) rebuilds everyone.
    const timeZone = await shopTimeZone(client, shop);
    const ranWith = { ...config, timeZone };
    const scope = await recomputeScope(client, shop, asOf, ranWith, options.full ?? false);
    const { full } = scope;
    // Sort-based grouping: the order aggregates group millions of rows by customer, which a hash
    // table builds slowly; a larger work_mem made the large sorts slower, not faster (0086).
    await client.query("SET LOCAL work_mem = '256MB'; SET LOCAL enable_hashagg = off");
    if (!full) {
      const { maxAge, pending, lo, hi } = scope;
      await createChanged(client, { shop, maxAge, pending, lo, hi });
    }
    await createDirtyAndGone(client, { shop, full });
    await client.query("ANALYZE _d; ANALYZE _gone");
    const dirty = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM _d")).rows[0].n;
    lap("changes");
    await createOrderAggregates(client, { shop, asOf: at, timeZone, full });
    await client.query("ANALYZE _o");
    lap("orders");
    await writeFavourites(client, { shop, asOf: at, full });
    lap("favourites");
    // Hash joins into the profiles: temp-table subqueries are often estimated at a few rows, and a
    // nested loop over thousands of dirty customers would rescan them for each.
    await client.query("SET LOCAL enable_nestloop = off");
    await createDirtyBase(client, { shop, full });
    await client.query("SET LOCAL enable_nestloop = on");
    await deleteGoneProfiles(client, { shop });
    // An incremental run upserts the dirty customers' aggregates now and rewrites everyone's time
    // fields below; a full run writes each profile once, after the model (docs/decisions/0086).
    if (!full) await writeBaseProfiles(client, { shop, asOf: at });
    lap("dirtyProfiles");
    await createSummary(client, { shop, asOf: at, timeZone, full });
    await client.query("ANALYZE _a");
    await createCuts(client);
    lap("summary");
    const clv = await fitAndPredict(client, options.clv, lap);
    lap("clvWrite");
    const time: TimeArgs = {
      shop,
      asOf: at,
      timeZone,
      lifecycle: config.lifecycle,
      gammaGamma: clv.status === "ok" ? clv.params.gammaGamma : null,
    };
    // A hash join with the per-group predictions whatever the (often stale) row estimates say.
    await client.query("SET LOCAL enable_nestloop = off; SET LOCAL enable_mergejoin = off");
    const customers = full
      ? await writeFullProfiles(client, time)
      : (await updateTimeFields(client, time)) + (await updateProspects(client, { shop, asOf: at }));
    await client.query("SET LOCAL enable_nestloop = on; SET LOCAL enable_mergejoin = on");
    lap("timeFields");
    await createMilestones(client, { shop, asOf: at, full, milestones: config.milestones });
    await dropStaleMilestones(client, { shop, full });
    await moveMilestones(client, { shop, full });
    const newMilestones = await insertNewMilestones(client, { shop, asOf: at });
    lap("milestones");
    const cuts = await readCuts(client);
    await client.query(
      `INSERT INTO "ShopIntelligence" (shop, "asOf", customers, "rfmCuts", config, "xidHorizon", "computedAt") VALUES ($1, $2::timestamp, $3, $4, $5, $6, now())
       ON CONFLICT (shop) DO UPDATE SET "asOf" = EXCLUDED."asOf", customers = EXCLUDED.customers, "rfmCuts" = EXCLUDED."rfmCuts", config = EXCLUDED.config,
         "xidHorizon" = EXCLUDED."xidHorizon", "computedAt" = now()`,
      [
        shop,
        at,
        cuts.customers,
        JSON.stringify(cutsFromRow(cuts)),
        JSON.stringify(ranWith),
        JSON.stringify(scope.horizon),
      ],
    );
    await writeTopCuts(client, shop);
    lap("topCuts");
    // Only marks this run has seen: a row lost after the horizon keeps its mark for the next run.
    await client.query(
      `DELETE FROM "IntelligenceDirty" WHERE shop = $1 AND "customerId" = ANY(ARRAY(SELECT cid FROM _d UNION ALL SELECT cid FROM _gone))`,
      [shop],
    );
    await saveFit(client, shop, at, clv, options);
    await client.query("COMMIT");
    lap("commit");
    const mode = full ? "full" : "incremental";
    deps.log.info("intelligence.recompute", {
      shop,
      mode,
      customers,
      dirty,
      clv: clv.status,
      newMilestones,
      timings,
    });
    return { asOf, mode, customers, dirty, clv, newMilestones, timings };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function saveFit(
  client: { query: (text: string, values: unknown[]) => Promise<unknown> },
  shop: string,
  at: string,
  clv: ClvFitResult,
  options: RecomputeOptions,
): Promise<void> {
  const ok = clv.status === "ok";
  const params = ok ? { ...clv.params, horizon: options.clv.horizon } : { horizon: options.clv.horizon };
  await client.query(
    `INSERT INTO "ClvModelFit" (shop, status, reason, detail, params, customers, groups, sampled, "asOf", "fittedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp, now())
     ON CONFLICT (shop) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, detail = EXCLUDED.detail, params = EXCLUDED.params,
       customers = EXCLUDED.customers, groups = EXCLUDED.groups, sampled = EXCLUDED.sampled, "asOf" = EXCLUDED."asOf", "fittedAt" = now()`,
    [
      shop,
      clv.status,
      ok ? null : clv.reason,
      ok ? null : clv.detail,
      JSON.stringify(params),
      clv.customers,
      ok ? clv.groupsFitted : 0,
      ok && clv.sampled,
      at,
    ],
  );
}
