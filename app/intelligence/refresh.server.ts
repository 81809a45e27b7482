// One customer's profile, affinity and milestones, recomputed from their own rows with the pure
// metrics module against the shop's current cut points and CLV model (webhook path; target ≤ 20 ms).
// Two parallel reads, then one statement whose writable CTEs upsert everything atomically.
import { customerIntelligence, type CustomerIntelligence } from "~/domain/metrics/customer";
import { defaultMetricsConfig, type MetricsConfig } from "~/domain/metrics/config";
import type { ItemStat } from "~/domain/metrics/affinity";
import type { Milestone, MilestoneKind } from "~/domain/metrics/milestones";
import { formatMoney } from "~/domain/metrics/money";
import { readCustomer } from "./customer-facts.server";
import type { IntelligenceDeps } from "./recompute.server";
import { loadShopModel } from "./shop-state.server";

export interface RefreshResult {
  intelligence: CustomerIntelligence | null;
  /** Milestones this refresh recorded for the first time: campaigns trigger on these. */
  newMilestones: Milestone[];
}

const PROFILE_COLUMNS = [
  "orderCount", "grossSpend", "netSpend", "aov", "firstOrderAt", "lastOrderAt", "firstOrderNet", "tenureDays", "daysSinceLast",
  "avgGapDays", "historicalClv", "returnCount", "returnedItems", "rScore", "fScore", "mScore", "lifecycleStage", "predictedPurchases",
  "probabilityAlive", "expectedOrderValue", "predictedClv", "favouriteProductId", "favouriteCategory", "usualSize", "emailSubscribed",
  "smsSubscribed", "asOf", "computedAt",
];

const STAT_SET = `orders30 = EXCLUDED.orders30, orders90 = EXCLUDED.orders90, orders365 = EXCLUDED.orders365,
  "ordersTotal" = EXCLUDED."ordersTotal", "quantityTotal" = EXCLUDED."quantityTotal", "lastPurchasedAt" = EXCLUDED."lastPurchasedAt"`;

// $1 shop, $2 customer, $3..$30 profile values, $31.. stats and milestones arrays.
const WRITE = `
WITH profile AS (
  INSERT INTO "CustomerProfile" (shop, "customerId", ${PROFILE_COLUMNS.map((c) => `"${c}"`).join(", ")})
  VALUES ($1, $2, $3, $4, $5, $6, $7::timestamp, $8::timestamp, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29::timestamp, now())
  ON CONFLICT (shop, "customerId") DO UPDATE SET ${PROFILE_COLUMNS.map((c) => `"${c}" = EXCLUDED."${c}"`).join(", ")}
  RETURNING 1
), product_gone AS (
  DELETE FROM "CustomerProductStat" WHERE shop = $1 AND "customerId" = $2 AND NOT ("productId" = ANY($30::bigint[])) RETURNING 1
), product_set AS (
  INSERT INTO "CustomerProductStat" (shop, "customerId", "productId", orders30, orders90, orders365, "ordersTotal", "quantityTotal", "lastPurchasedAt")
  SELECT $1, $2, * FROM unnest($30::bigint[], $31::int[], $32::int[], $33::int[], $34::int[], $35::int[], $36::timestamp[])
  ON CONFLICT (shop, "customerId", "productId") DO UPDATE SET ${STAT_SET} RETURNING 1
), variant_gone AS (
  DELETE FROM "CustomerVariantStat" WHERE shop = $1 AND "customerId" = $2 AND NOT ("variantId" = ANY($37::bigint[])) RETURNING 1
), variant_set AS (
  INSERT INTO "CustomerVariantStat" (shop, "customerId", "variantId", "productId", orders30, orders90, orders365, "ordersTotal", "quantityTotal", "lastPurchasedAt")
  SELECT $1, $2, * FROM unnest($37::bigint[], $38::bigint[], $39::int[], $40::int[], $41::int[], $42::int[], $43::int[], $44::timestamp[])
  ON CONFLICT (shop, "customerId", "variantId") DO UPDATE SET "productId" = EXCLUDED."productId", ${STAT_SET} RETURNING 1
), held AS (
  SELECT * FROM unnest($45::text[], $46::numeric[], $47::timestamp[]) AS h(kind, threshold, reached)
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
const statColumns = (stats: ItemStat[]) => [
  stats.map((s) => s.orders[0]),
  stats.map((s) => s.orders[1]),
  stats.map((s) => s.orders[2]),
  stats.map((s) => s.ordersTotal),
  stats.map((s) => s.quantityTotal),
  stats.map((s) => s.lastPurchasedAt.toISOString()),
];

export async function refreshCustomer(deps: IntelligenceDeps, shop: string, customerId: bigint, config: MetricsConfig = defaultMetricsConfig): Promise<RefreshResult> {
  const asOf = deps.now();
  const [stored, model] = await Promise.all([readCustomer(deps.db.pool, shop, customerId, asOf), loadShopModel(deps.db.pool, shop)]);
  if (!stored || stored.redacted) {
    await deps.db.pool.query(
      `WITH a AS (DELETE FROM "CustomerProductStat" WHERE shop = $1 AND "customerId" = $2), b AS (DELETE FROM "CustomerVariantStat" WHERE shop = $1 AND "customerId" = $2),
       c AS (DELETE FROM "CustomerMilestone" WHERE shop = $1 AND "customerId" = $2) DELETE FROM "CustomerProfile" WHERE shop = $1 AND "customerId" = $2`,
      [shop, customerId.toString()],
    );
    return { intelligence: null, newMilestones: [] };
  }
  const ci = customerIntelligence(stored.facts, asOf, model, config);
  // Stat rows exist only for items bought within the longest window (as in the recompute).
  const products = ci.affinity.products.filter((s) => s.orders[2] > 0);
  const variants = ci.affinity.variants.filter((s) => s.orders[2] > 0);
  const p = ci.profile;
  const variantProduct = new Map<bigint, bigint | null>();
  for (const l of stored.facts.lines) if (l.variantId !== null && (l.productId ?? -1n) > (variantProduct.get(l.variantId) ?? -1n)) variantProduct.set(l.variantId, l.productId);
  const { rows } = await deps.db.pool.query<{ kind: MilestoneKind; threshold: string; at: string }>(WRITE, [
    shop, customerId.toString(),
    p.orderCount, formatMoney(p.grossSpend), formatMoney(p.netSpend), formatMoney(p.aov), iso(p.firstOrderAt), iso(p.lastOrderAt),
    formatMoney(p.firstOrderNet), p.tenureDays, p.daysSinceLast, p.avgGapDays, formatMoney(p.historicalClv), ci.returns.returnCount,
    ci.returns.returnedItems, ci.scores?.r ?? null, ci.scores?.f ?? null, ci.scores?.m ?? null, ci.stage, ci.clv?.predictedPurchases ?? null,
    ci.clv?.probabilityAlive ?? null, ci.clv?.expectedOrderValue ?? null, ci.clv?.predictedClv ?? null, ci.affinity.favouriteProductId?.toString() ?? null,
    ci.affinity.favouriteCategory, ci.affinity.usualSize, ci.consent.email, ci.consent.sms, asOf.toISOString(),
    products.map((s) => s.id.toString()), ...statColumns(products),
    variants.map((s) => s.id.toString()), variants.map((s) => variantProduct.get(s.id)?.toString() ?? null), ...statColumns(variants),
    ci.milestones.map((m) => m.kind), ci.milestones.map((m) => m.threshold), ci.milestones.map((m) => m.reachedAt.toISOString()),
  ]);
  return { intelligence: ci, newMilestones: rows.map((r) => ({ kind: r.kind, threshold: r.threshold, reachedAt: new Date(Number(r.at)) })) };
}
