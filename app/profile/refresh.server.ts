// One customer's profile (favourites included) and milestones, recomputed from their own rows with the pure
// metrics module against the shop's current cut points and CLV model (webhook path; target ≤ 20 ms).
// Two parallel reads, then one statement whose writable CTEs upsert everything atomically.
import { customerIntelligence, type CustomerIntelligence } from "~/profile/rules/customer";
import { defaultMetricsConfig, type MetricsConfig } from "~/profile/rules/config";
import type { Milestone, MilestoneKind } from "~/profile/rules/milestones";
import { moneyToDecimal } from "~/profile/rules/money";
import { readCustomer } from "./customer-facts.server";
import type { IntelligenceDeps } from "./recompute.server";
import { loadShopModel } from "./shop-state.server";

export interface RefreshResult {
  intelligence: CustomerIntelligence | null;
  /** Milestones this refresh recorded for the first time: campaigns trigger on these. */
  newMilestones: Milestone[];
}

const PROFILE_COLUMNS = [
  "orderCount",
  "grossSpend",
  "netSpend",
  "aov",
  "firstOrderAt",
  "lastOrderAt",
  "firstOrderNet",
  "tenureDays",
  "daysSinceLast",
  "avgGapDays",
  "historicalClv",
  "returnCount",
  "returnedItems",
  "rScore",
  "fScore",
  "mScore",
  "lifecycleStage",
  "predictedPurchases",
  "probabilityAlive",
  "expectedOrderValue",
  "predictedClv",
  "favouriteProductId",
  "favouriteCategory",
  "usualSize",
  "emailSubscribed",
  "smsSubscribed",
  "asOf",
  "computedAt",
];

// $1 shop, $2 customer, $3..$29 profile values, $30..$32 the milestones held.
const WRITE = `
WITH profile AS (
  INSERT INTO "CustomerProfile" (shop, "customerId", ${PROFILE_COLUMNS.map((c) => `"${c}"`).join(", ")})
  VALUES ($1, $2, $3, $4, $5, $6, $7::timestamp, $8::timestamp, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29::timestamp, now())
  ON CONFLICT (shop, "customerId") DO UPDATE SET ${PROFILE_COLUMNS.map((c) => `"${c}" = EXCLUDED."${c}"`).join(", ")}
  RETURNING 1
), held AS (
  SELECT * FROM unnest($30::text[], $31::numeric[], $32::timestamp[]) AS h(kind, threshold, reached)
), milestone_gone AS (
  DELETE FROM "CustomerMilestone" m WHERE m.shop = $1 AND m."customerId" = $2
    AND NOT EXISTS (SELECT 1 FROM held WHERE held.kind = m.kind AND held.threshold = m.threshold) RETURNING 1
), milestone_set AS (
  -- One upsert by primary key for moved and new milestones: an UPDATE … FROM held was planned on the
  -- (shop, kind, threshold) index and scanned every holder of the milestone (~30 ms at 100k).
  INSERT INTO "CustomerMilestone" (shop, "customerId", kind, threshold, "reachedAt", "recordedAt")
  SELECT $1, $2, kind, threshold, reached, $29::timestamp FROM held
  ON CONFLICT (shop, "customerId", kind, threshold) DO UPDATE SET "reachedAt" = EXCLUDED."reachedAt"
    WHERE "CustomerMilestone"."reachedAt" <> EXCLUDED."reachedAt"
  RETURNING kind, threshold::text AS threshold, extract(epoch FROM "reachedAt") * 1000 AS at, xmax = 0 AS fresh
)
SELECT kind, threshold, at FROM milestone_set WHERE fresh`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function refreshCustomer(
  deps: IntelligenceDeps,
  shop: string,
  customerId: bigint,
  config: MetricsConfig = defaultMetricsConfig,
): Promise<RefreshResult> {
  const asOf = deps.now();
  const [stored, model] = await Promise.all([
    readCustomer(deps.db.pool, shop, customerId, asOf),
    loadShopModel(deps.db.pool, shop),
  ]);
  if (!stored || stored.redacted) {
    await deps.db.pool.query(
      `WITH m AS (DELETE FROM "CustomerMilestone" WHERE shop = $1 AND "customerId" = $2) DELETE FROM "CustomerProfile" WHERE shop = $1 AND "customerId" = $2`,
      [shop, customerId.toString()],
    );
    return { intelligence: null, newMilestones: [] };
  }
  const ci = customerIntelligence(stored.facts, asOf, model, config);
  const p = ci.profile;
  const { rows } = await deps.db.pool.query<{ kind: MilestoneKind; threshold: string; at: string }>(WRITE, [
    shop,
    customerId.toString(),
    p.orderCount,
    moneyToDecimal(p.grossSpend),
    moneyToDecimal(p.netSpend),
    moneyToDecimal(p.aov),
    iso(p.firstOrderAt),
    iso(p.lastOrderAt),
    moneyToDecimal(p.firstOrderNet),
    p.tenureDays,
    p.daysSinceLast,
    p.avgGapDays,
    moneyToDecimal(p.historicalClv),
    ci.returns.returnCount,
    ci.returns.returnedItems,
    ci.scores?.r ?? null,
    ci.scores?.f ?? null,
    ci.scores?.m ?? null,
    ci.stage,
    ci.clv?.predictedPurchases ?? null,
    ci.clv?.probabilityAlive ?? null,
    ci.clv?.expectedOrderValue ?? null,
    ci.clv?.predictedClv ?? null,
    ci.affinity.favouriteProductId?.toString() ?? null,
    ci.affinity.favouriteCategory,
    ci.affinity.usualSize,
    ci.consent.email,
    ci.consent.sms,
    asOf.toISOString(),
    ci.milestones.map((m) => m.kind),
    ci.milestones.map((m) => m.threshold),
    ci.milestones.map((m) => m.reachedAt.toISOString()),
  ]);
  return {
    intelligence: ci,
    newMilestones: rows.map((r) => ({ kind: r.kind, threshold: r.threshold, reachedAt: new Date(Number(r.at)) })),
  };
}
