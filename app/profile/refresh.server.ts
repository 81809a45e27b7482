// One customer's profile (favourites included) and milestones, recomputed from their own rows with the pure
// metrics module against the shop's current cut points and CLV model (webhook path; target ≤ 20 ms).
// Two parallel reads, then one statement whose writable CTEs upsert everything atomically — unless
// the shop's recompute is running: then nothing is written and the result says so (0216).
import { customerIntelligence, type CustomerIntelligence } from "~/profile/rules/customer";
import { defaultMetricsConfig, type MetricsConfig } from "~/profile/rules/config";
import type { Milestone, MilestoneKind } from "~/profile/rules/milestones";
import { moneyToDecimal } from "~/profile/rules/money";
import { dayIso } from "~/profile/rules/occasions";
import { SqlParams } from "~/db/params";
import type { Queryable } from "~/db/queryable";
import { readCustomer } from "./customer-facts.server";
import type { IntelligenceDeps } from "./recompute.server";
import { tryLockProfileRefresh } from "./shop-lock.server";
import { loadShopModel } from "./shop-state.server";

export interface RefreshResult {
  intelligence: CustomerIntelligence | null;
  /** Milestones this refresh recorded for the first time: campaigns trigger on these. */
  newMilestones: Milestone[];
  /** The shop's recompute was running: nothing was written; refresh again once it is done. */
  busy: boolean;
}

const busy = (): RefreshResult => ({ intelligence: null, newMilestones: [], busy: true });

/**
 * Runs `write` in a transaction holding the shop's profile lock shared; null, without writing, when
 * the recompute still holds it after `waitMs` (its rows are locked until it commits, minutes on a
 * large shop).
 */
async function unlessRecomputing<T>(
  pool: IntelligenceDeps["db"]["pool"],
  shop: string,
  waitMs: number | undefined,
  write: (client: Queryable) => Promise<T>,
): Promise<{ value: T } | null> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    if (!(await tryLockProfileRefresh(client, shop, waitMs))) {
      await client.query("ROLLBACK");
      return null;
    }
    const value = await write(client);
    await client.query("COMMIT");
    return { value };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const PROFILE_COLUMNS = [
  "orderCount",
  "grossSpend",
  "netSpend",
  "aov",
  "firstOrderAt",
  "lastOrderAt",
  "firstOrderNet",
  "purchaseDays",
  "firstPurchaseDay",
  "lastPurchaseDay",
  "firstDayNet",
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
  "predictedPurchases90d",
  "probabilityAlive",
  "expectedOrderValue",
  "predictedClv",
  "favouriteProductId",
  "favouriteCategory",
  "usualSize",
  "emailSubscribed",
  "smsSubscribed",
] as const;

type ProfileColumn = (typeof PROFILE_COLUMNS)[number];
const CASTS: Partial<Record<ProfileColumn, string>> = {
  firstOrderAt: "timestamp",
  lastOrderAt: "timestamp",
  firstPurchaseDay: "date",
  lastPurchaseDay: "date",
};

/**
 * Upserts one customer's profile and replaces their held milestones in one statement (writable
 * CTEs); returns the milestones recorded for the first time.
 */
async function writeProfile(
  client: Queryable,
  args: { shop: string; customerId: bigint; asOf: Date; profile: Record<ProfileColumn, unknown>; held: Milestone[] },
): Promise<Milestone[]> {
  const p = new SqlParams();
  const shop = p.add(args.shop);
  const customer = p.add(args.customerId.toString());
  const values = PROFILE_COLUMNS.map((c) => p.add(args.profile[c], CASTS[c]));
  const asOf = p.add(args.asOf.toISOString(), "timestamp");
  const kinds = p.add(
    args.held.map((m) => m.kind),
    "text[]",
  );
  const thresholds = p.add(
    args.held.map((m) => m.threshold),
    "numeric[]",
  );
  const reached = p.add(
    args.held.map((m) => m.reachedAt.toISOString()),
    "timestamp[]",
  );
  const { rows } = await client.query<{ kind: MilestoneKind; threshold: string; at: string }>(
    `
WITH profile AS (
  INSERT INTO "CustomerProfile" (shop, "customerId", ${PROFILE_COLUMNS.map((c) => `"${c}"`).join(", ")}, "asOf", "computedAt")
  VALUES (${shop}, ${customer}, ${values.join(", ")}, ${asOf}, now())
  ON CONFLICT (shop, "customerId") DO UPDATE SET ${[...PROFILE_COLUMNS, "asOf", "computedAt"].map((c) => `"${c}" = EXCLUDED."${c}"`).join(", ")}
  RETURNING 1
), held AS (
  SELECT * FROM unnest(${kinds}, ${thresholds}, ${reached}) AS h(kind, threshold, reached)
), milestone_gone AS (
  DELETE FROM "CustomerMilestone" m WHERE m.shop = ${shop} AND m."customerId" = ${customer}
    AND NOT EXISTS (SELECT 1 FROM held WHERE held.kind = m.kind AND held.threshold = m.threshold) RETURNING 1
), milestone_set AS (
  -- One upsert by primary key for moved and new milestones: an UPDATE … FROM held was planned on the
  -- (shop, kind, threshold) index and scanned every holder of the milestone (~30 ms at 100k).
  INSERT INTO "CustomerMilestone" (shop, "customerId", kind, threshold, "reachedAt", "recordedAt")
  SELECT ${shop}, ${customer}, kind, threshold, reached, ${asOf} FROM held
  ON CONFLICT (shop, "customerId", kind, threshold) DO UPDATE SET "reachedAt" = EXCLUDED."reachedAt"
    WHERE "CustomerMilestone"."reachedAt" <> EXCLUDED."reachedAt"
  RETURNING kind, threshold::text AS threshold, extract(epoch FROM "reachedAt") * 1000 AS at, xmax = 0 AS fresh
)
SELECT kind, threshold, at FROM milestone_set WHERE fresh`,
    p.values,
  );
  return rows.map((r) => ({ kind: r.kind, threshold: r.threshold, reachedAt: new Date(Number(r.at)) }));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const day = (d: number | null) => (d === null ? null : dayIso(d));

export async function refreshCustomer(
  deps: IntelligenceDeps,
  shop: string,
  customerId: bigint,
  config: MetricsConfig = defaultMetricsConfig,
  options: { waitMs?: number } = {},
): Promise<RefreshResult> {
  const asOf = deps.now();
  const [stored, model] = await Promise.all([
    readCustomer(deps.db.pool, shop, customerId, asOf),
    loadShopModel(deps.db.pool, shop),
  ]);
  if (!stored || stored.redacted) {
    const deleted = await unlessRecomputing(deps.db.pool, shop, options.waitMs, (client) =>
      client.query(
        `WITH m AS (DELETE FROM "CustomerMilestone" WHERE shop = $1 AND "customerId" = $2) DELETE FROM "CustomerProfile" WHERE shop = $1 AND "customerId" = $2`,
        [shop, customerId.toString()],
      ),
    );
    return deleted ? { intelligence: null, newMilestones: [], busy: false } : busy();
  }
  const ci = customerIntelligence(stored.facts, asOf, model, config);
  const p = ci.profile;
  const written = await unlessRecomputing(deps.db.pool, shop, options.waitMs, (client) =>
    writeProfile(client, {
      shop,
      customerId,
      asOf,
      held: ci.milestones,
      profile: {
        orderCount: p.orderCount,
        grossSpend: moneyToDecimal(p.grossSpend),
        netSpend: moneyToDecimal(p.netSpend),
        aov: moneyToDecimal(p.aov),
        firstOrderAt: iso(p.firstOrderAt),
        lastOrderAt: iso(p.lastOrderAt),
        firstOrderNet: moneyToDecimal(p.firstOrderNet),
        purchaseDays: ci.occasions.days,
        firstPurchaseDay: day(ci.occasions.firstDay),
        lastPurchaseDay: day(ci.occasions.lastDay),
        firstDayNet: moneyToDecimal(ci.occasions.firstDayNet),
        tenureDays: p.tenureDays,
        daysSinceLast: p.daysSinceLast,
        avgGapDays: p.avgGapDays,
        historicalClv: moneyToDecimal(p.historicalClv),
        returnCount: ci.returns.returnCount,
        returnedItems: ci.returns.returnedItems,
        rScore: ci.scores?.r ?? null,
        fScore: ci.scores?.f ?? null,
        mScore: ci.scores?.m ?? null,
        lifecycleStage: ci.stage,
        predictedPurchases: ci.clv?.predictedPurchases ?? null,
        predictedPurchases90d: ci.clv?.predictedPurchases90d ?? null,
        probabilityAlive: ci.clv?.probabilityAlive ?? null,
        expectedOrderValue: ci.clv?.expectedOrderValue ?? null,
        predictedClv: ci.clv?.predictedClv ?? null,
        favouriteProductId: ci.affinity.favouriteProductId?.toString() ?? null,
        favouriteCategory: ci.affinity.favouriteCategory,
        usualSize: ci.affinity.usualSize,
        emailSubscribed: ci.consent.email,
        smsSubscribed: ci.consent.sms,
      },
    }),
  );
  return written ? { intelligence: ci, newMilestones: written.value, busy: false } : busy();
}
