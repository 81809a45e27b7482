import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { predictClv } from "~/profile/rules/clv/predict";
import { memoryLogger } from "~/logger.server";
import { recomputeShop, type RecomputeResult } from "~/profile/recompute.server";
import { refreshCustomer } from "~/profile/refresh.server";
import { loadShopModel } from "~/profile/shop-state.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { snapshot } from "~tests/support/intelligence-snapshot";
import { writeSyntheticStore } from "~tests/support/synthetic-store";

const SHOP = "synthetic.myshopify.com";
const asOf = new Date("2026-06-01T00:00:00Z");
const DAY = 86_400_000;

describe("recompute with a fitted CLV model", () => {
  let db: TestDatabase;
  let result: RecomputeResult;
  const deps = () => ({ db, now: () => asOf, log: memoryLogger() });

  beforeAll(async () => {
    db = await createTestDatabase();
    await writeSyntheticStore(db.pool, { shop: SHOP, customers: 3000, asOf, seed: 7, products: 40 });
    result = await recomputeShop(deps(), SHOP);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("fits both models and predicts for every customer with an order", async () => {
    expect(result.clv.status).toBe("ok");
    const fit = await db.prisma.clvModelFit.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(fit).toMatchObject({ status: "ok", customers: 3000, sampled: false });
    const missing = await db.prisma.customerProfile.count({
      where: { shop: SHOP, orderCount: { gt: 0 }, predictedClv: null },
    });
    expect(missing).toBe(0);
  });

  it("stores predictions equal to the pure model's for each customer's summary", async () => {
    const model = await loadShopModel(db.pool, SHOP);
    const rows = await db.prisma.customerProfile.findMany({
      where: { shop: SHOP },
      orderBy: { customerId: "asc" },
      take: 200,
    });
    for (const p of rows) {
      // Purchase days, not orders (docs/decisions/0205); the shop has no timezone: UTC days.
      const x = p.purchaseDays - 1;
      const summary = {
        x,
        tx: (p.lastPurchaseDay!.getTime() - p.firstPurchaseDay!.getTime()) / DAY,
        T: Math.floor(asOf.getTime() / DAY) - p.firstPurchaseDay!.getTime() / DAY,
        zbar: x > 0 ? p.netSpend.minus(p.firstDayNet).toNumber() / x : 0,
      };
      const expected = predictClv(model.clv!.bgnbd, model.clv!.gammaGamma, summary, model.horizon);
      expect(p.predictedPurchases).toBe(expected.predictedPurchases);
      expect(p.predictedPurchases90d).toBe(expected.purchases90d);
      expect(p.probabilityAlive).toBe(expected.probabilityAlive);
      expect(p.expectedOrderValue).toBe(expected.expectedOrderValue);
      expect(p.predictedClv).toBe(expected.clv);
    }
  });

  it("a single-customer refresh equals the recompute, predictions included", async () => {
    const before = await snapshot(db.pool, SHOP);
    const ids = (
      await db.pool.query<{ id: string }>(
        `SELECT "customerId"::text AS id FROM "CustomerProfile" WHERE shop = $1 ORDER BY "customerId" LIMIT 60`,
        [SHOP],
      )
    ).rows;
    for (const { id } of ids) await refreshCustomer(deps(), SHOP, BigInt(id));
    expect(await snapshot(db.pool, SHOP)).toEqual(before);
  });

  it("RFM scores spread over five quintiles", async () => {
    const counts = await db.pool.query<{ m: number; n: number }>(
      `SELECT "mScore" AS m, count(*)::int AS n FROM "CustomerProfile" WHERE shop = $1 AND "orderCount" > 0 GROUP BY 1 ORDER BY 1`,
      [SHOP],
    );
    expect(counts.rows.map((r) => r.m)).toEqual([1, 2, 3, 4, 5]);
    for (const r of counts.rows) expect(Math.abs(r.n - 600)).toBeLessThan(30);
  });
});
