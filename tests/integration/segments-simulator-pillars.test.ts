// A generated store, backfilled from the simulator over HTTP and recomputed by the intelligence job:
// the pillar segments select exactly the customers of the simulator's ground truth (docs/pillars.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBackfill, backfillRunFor } from "~/ingest/tasks.server";
import { recomputeShop } from "~/profile/recompute.server";
import { memoryLogger } from "~/logger.server";
import { pillarSegment, type PillarId } from "~/segments/rules/pillars";
import { explainSegment, type Explanation } from "~/segments/rules";
import { loadCustomerFacts } from "~/segments/facts.server";
import { listMemberIds } from "~/segments/members.server";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { startSimulator, type PillarTruth, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";
import { insertRows } from "~tests/support/segment-store";

const unique = (ids: number[]): number[] => [...new Set(ids)].sort((a, b) => a - b);

describe("pillar segments on a simulator store", () => {
  let sim: Simulator;
  let db: TestDatabase;
  let now: Date;
  let truth: PillarTruth;

  const members = async (pillar: PillarId, variant?: string): Promise<number[]> =>
    (await listMemberIds(db, sim.shop, pillarSegment(pillar, variant), now, { limit: 10_000 })).customerIds.map(Number);

  beforeAll(async () => {
    sim = await startSimulator({ customers: 400, seed: 29 });
    db = await createTestDatabase();
    await installShop(db, sim.shop, sim.tokens.installed);
    const ctx = ingestContext(db, simulatorAdmin(sim));
    const runId = await backfillRunFor(ctx, sim.shop);
    let outcome = "busy";
    for (let i = 0; i < 2000 && outcome !== "done"; i += 1) {
      outcome = await runBackfill(ctx, sim.shop, runId);
      if (outcome !== "done") await new Promise((r) => setTimeout(r, 10));
    }
    expect(outcome).toBe("done");
    now = sim.clock.now();
    await recomputeShop({ db, now: () => now, log: memoryLogger() }, sim.shop);
    // The merchant's mapping, seeded from the catalogue's everyday -> premium link and relaunch dates.
    await insertRows(
      db.pool,
      "ProductMapping",
      sim.store.catalog
        .filter((p) => p.premiumProductId !== null || p.relaunchedAt !== null)
        .map((p) => ({
          shop: sim.shop,
          productId: String(p.id),
          premiumProductId: p.premiumProductId === null ? null : String(p.premiumProductId),
          relaunchedAt: p.relaunchedAt === null ? null : new Date(p.relaunchedAt),
        })),
    );
    await refreshPurchaseStats(db, sim.shop);
    truth = sim.truth.pillars(now);
  });
  afterAll(async () => {
    await sim?.stop();
    await db?.drop();
  });

  it("has planted customers in every truth list (so the comparisons below can fail)", () => {
    for (const list of [
      truth.loyalty.spend5k,
      truth.loyalty.orders10,
      truth.loyalty.tenure2y,
      truth.lifecycle.d7,
      truth.lifecycle.d14,
      truth.lifecycle.d30,
      truth.affinity,
      truth.reengagement,
    ]) {
      expect(list.length).toBeGreaterThan(0);
    }
  });

  it("loyalty: each milestone variant and their union", async () => {
    expect(await members("loyalty", "net-spend")).toEqual(unique(truth.loyalty.spend5k));
    expect(await members("loyalty", "order-count")).toEqual(unique(truth.loyalty.orders10));
    expect(await members("loyalty", "tenure")).toEqual(unique(truth.loyalty.tenure2y));
    expect(await members("loyalty", "milestones")).toEqual(
      unique([...truth.loyalty.spend5k, ...truth.loyalty.orders10, ...truth.loyalty.tenure2y]),
    );
  });

  it.each([7, 14, 30] as const)("lifecycle: the %i-day check-in", async (days) => {
    expect(await members("lifecycle", `day-${days}`)).toEqual(unique(truth.lifecycle[`d${days}`]));
  });

  it("affinity: same product 3+ times in 90 days with a premium version, and which product", async () => {
    expect(await members("affinity")).toEqual(unique(truth.affinity.map((t) => t.customerId)));
    for (const t of truth.affinity) {
      const facts = await loadCustomerFacts(db, sim.shop, String(t.customerId), now);
      const explanation: Explanation = explainSegment(pillarSegment("affinity"), facts!, now);
      const products = truth.affinity.filter((x) => x.customerId === t.customerId).map((x) => String(x.productId));
      expect(explanation.matched).toBe(true);
      expect(products).toContain((explanation.actual as { productId: string }).productId);
    }
  });

  it("re-engagement: fit or quality return, product relaunched since", async () => {
    expect(await members("reengagement")).toEqual(unique(truth.reengagement.map((t) => t.customerId)));
  });
});
