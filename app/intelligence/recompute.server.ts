// Whole-shop recompute, set-based in PostgreSQL: per-customer order aggregates, product/variant
// affinity, RFM quintiles (rank() windows), lifecycle, CLV (fit in JS on the grouped summary,
// predictions joined back by group), milestones. One transaction: readers see the old or the new
// state, never a mix. Orders never leave the database; only (x, t_x, T) groups and the repeat
// customers' order values do.
import type { AppContext } from "~/context.server";
import { defaultClvFitOptions, type ClvFitResult } from "~/domain/clv/fit";
import { defaultHorizon } from "~/domain/clv/predict";
import { defaultMetricsConfig, type MetricsConfig } from "~/domain/metrics/config";
import { fitAndPredict, type ClvStageOptions } from "./clv-stage.server";
import { MILESTONES_DROP_STALE, MILESTONES_INSERT_NEW, MILESTONES_MOVE, MILESTONES_TEMP } from "./milestones-sql.server";
import { CUTS, LINES_TEMP, ORDERS_TEMP, PRODUCT_STATS, PRODUCT_STATS_TEMP, PROFILES, VARIANT_STATS } from "./recompute-sql.server";
import { cutsFromRow, type CutsRow } from "./shop-state.server";

export type IntelligenceDeps = Pick<AppContext, "db" | "now" | "log">;

export interface RecomputeOptions {
  config: MetricsConfig;
  clv: ClvStageOptions;
}

export const defaultRecomputeOptions: RecomputeOptions = {
  config: defaultMetricsConfig,
  clv: { fit: defaultClvFitOptions, horizon: defaultHorizon, maxMonetary: 20_000 },
};

export interface RecomputeResult {
  asOf: Date;
  customers: number;
  clv: ClvFitResult;
  /** Milestones first held in this run; read them with recordedAt = asOf (CustomerMilestone). */
  newMilestones: number;
  timings: Record<string, number>;
}

export async function recomputeShop(deps: IntelligenceDeps, shop: string, options: RecomputeOptions = defaultRecomputeOptions): Promise<RecomputeResult> {
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
    await client.query("SET LOCAL work_mem = '256MB'");
    await client.query(ORDERS_TEMP, [shop, at]);
    // Redacted customers get no profile, so they stay out of the model fit too.
    await client.query(`DELETE FROM _o WHERE cid IN (SELECT id FROM "Customer" WHERE shop = $1 AND "redactedAt" IS NOT NULL)`, [shop]);
    await client.query("ANALYZE _o");
    lap("orders");
    await client.query(LINES_TEMP, [shop, at]);
    await client.query("ANALYZE _l");
    lap("lines");
    await client.query(`DELETE FROM "CustomerProductStat" WHERE shop = $1`, [shop]);
    await client.query(`DELETE FROM "CustomerVariantStat" WHERE shop = $1`, [shop]);
    const [w1, w2, w3] = config.affinityWindows.map((days) => new Date(asOf.getTime() - days * 86_400_000).toISOString());
    await client.query(PRODUCT_STATS_TEMP, [shop, w1, w2, w3]);
    await client.query(PRODUCT_STATS, [shop, w3]);
    await client.query(VARIANT_STATS, [shop, w1, w2, w3]);
    lap("affinity");
    const clv = await fitAndPredict(client, options.clv);
    lap("clv");
    const params = clv.status === "ok" ? JSON.stringify(clv.params) : null;
    const l = config.lifecycle;
    await client.query(`DELETE FROM "CustomerProfile" WHERE shop = $1`, [shop]);
    const inserted = await client.query(PROFILES, [shop, at, params, l.newWithinDays, l.atRiskAfterDays, l.lapsedAfterDays, l.vipMinMScore, l.vipMinFScore]);
    lap("profiles");
    const m = config.milestones;
    await client.query(MILESTONES_TEMP, [shop, at, m.lifetimeSpend, m.orderCount, m.anniversaryYears]);
    await client.query(MILESTONES_DROP_STALE, [shop]);
    await client.query(MILESTONES_MOVE, [shop]);
    const fresh = await client.query(MILESTONES_INSERT_NEW, [shop, at]);
    lap("milestones");
    const cuts = await client.query<CutsRow>(CUTS, [shop]);
    await client.query(
      `INSERT INTO "ShopIntelligence" (shop, "asOf", customers, "rfmCuts", config, "computedAt") VALUES ($1, $2::timestamp, $3, $4, $5, now())
       ON CONFLICT (shop) DO UPDATE SET "asOf" = EXCLUDED."asOf", customers = EXCLUDED.customers, "rfmCuts" = EXCLUDED."rfmCuts", config = EXCLUDED.config, "computedAt" = now()`,
      [shop, at, cuts.rows[0].customers, JSON.stringify(cutsFromRow(cuts.rows[0])), JSON.stringify(config)],
    );
    await saveFit(client, shop, at, clv, options);
    await client.query("COMMIT");
    lap("commit");
    deps.log.info("intelligence.recompute", { shop, customers: inserted.rowCount, clv: clv.status, newMilestones: fresh.rowCount, timings });
    return { asOf, customers: inserted.rowCount ?? 0, clv, newMilestones: fresh.rowCount ?? 0, timings };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function saveFit(client: { query: (text: string, values: unknown[]) => Promise<unknown> }, shop: string, at: string, clv: ClvFitResult, options: RecomputeOptions): Promise<void> {
  const ok = clv.status === "ok";
  const params = ok ? { ...clv.params, horizon: options.clv.horizon } : { horizon: options.clv.horizon };
  await client.query(
    `INSERT INTO "ClvModelFit" (shop, status, reason, detail, params, customers, groups, sampled, "asOf", "fittedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp, now())
     ON CONFLICT (shop) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, detail = EXCLUDED.detail, params = EXCLUDED.params,
       customers = EXCLUDED.customers, groups = EXCLUDED.groups, sampled = EXCLUDED.sampled, "asOf" = EXCLUDED."asOf", "fittedAt" = now()`,
    [shop, clv.status, ok ? null : clv.reason, ok ? null : clv.detail, JSON.stringify(params), clv.customers, ok ? clv.groupsFitted : 0, ok && clv.sampled, at],
  );
}
