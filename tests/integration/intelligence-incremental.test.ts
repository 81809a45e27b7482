// The daily recompute rebuilds only dirty customers (docs/decisions/0071). Whatever happened in
// between — new, refunded, cancelled or deleted orders, a line item swapped inside an unchanged
// order, a catalogue edit, redaction, consent, returns, single-customer refreshes, time crossing
// affinity windows and anniversaries, a future-dated order becoming due — its result must equal a
// full rebuild's, row for row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "~/logger.server";
import { defaultRecomputeOptions, recomputeShop, type RecomputeResult } from "~/profile/recompute.server";
import { refreshCustomer } from "~/profile/refresh.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { snapshot } from "~tests/support/intelligence-snapshot";
import { writeSyntheticStore } from "~tests/support/synthetic-store";

const SHOP = "incremental.myshopify.com";
const asOf = new Date("2026-06-01T00:00:00Z");
const DAY = 86_400_000;
const later = (days: number) => new Date(asOf.getTime() + days * DAY);

describe("incremental daily recompute", () => {
  let db: TestDatabase;
  const recompute = (now: Date, full = false): Promise<RecomputeResult> =>
    recomputeShop({ db, now: () => now, log: memoryLogger() }, SHOP, { ...defaultRecomputeOptions, full });
  const sql = (text: string, values: unknown[] = []) => db.pool.query(text, values);
  /** The nth customer (by id) that has at least `orders` counted orders. */
  const customerWith = async (orders: number, nth: number): Promise<string> => {
    const { rows } = await sql(
      `SELECT "customerId"::text AS id FROM "Order" WHERE shop = $1 GROUP BY 1 HAVING count(*) >= $2 ORDER BY 1 OFFSET $3 LIMIT 1`,
      [SHOP, orders, nth],
    );
    return (rows[0] as { id: string }).id;
  };
  const placeOrder = (id: number, customer: string, at: Date, product: number, total = "80.00") =>
    sql(
      `WITH o AS (INSERT INTO "Order" (shop, id, name, "customerId", "processedAt", "createdAt", "updatedAt", "currencyCode", "subtotalPrice", "totalPrice")
         VALUES ($1, $2, $3, $4, $5::timestamp, $5::timestamp, $5::timestamp, 'USD', $6, $6))
       INSERT INTO "LineItem" (shop, id, "orderId", "customerId", "processedAt", "productId", "variantId", title, quantity, "currentQuantity", "unitPrice", "discountedTotal")
       VALUES ($1, $2, $2, $4, $5::timestamp, $7::bigint, $7::bigint * 10 + 2, 'P', 1, 1, $6, $6)`,
      [SHOP, id, `#${id}`, customer, at.toISOString(), total, product],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await writeSyntheticStore(db.pool, { shop: SHOP, customers: 600, asOf, seed: 11, products: 30 });
    // Already stored but dated after the first run's asOf: it only counts once time reaches it.
    await placeOrder(990_001, await customerWith(1, 40), later(3), 4);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("a first run rebuilds everyone; a second run at the same instant with nothing changed, no one", async () => {
    const first = await recompute(asOf);
    expect(first).toMatchObject({ mode: "full", dirty: 600 });
    const before = await snapshot(db.pool, SHOP);
    const again = await recompute(asOf);
    expect(again).toMatchObject({ mode: "incremental", dirty: 0, newMilestones: 0 });
    expect(await snapshot(db.pool, SHOP)).toEqual(before);
  });

  it("after a day of changes, equals a full rebuild", async () => {
    const before = await snapshot(db.pool, SHOP);
    await placeOrder(990_002, await customerWith(1, 1), later(1), 7, "1200.00");
    await sql(
      `UPDATE "Order" SET "totalRefunded" = "totalPrice" / 2 WHERE shop = $1 AND id = (SELECT max(id) FROM "Order" WHERE shop = $1 AND "customerId" = $2)`,
      [SHOP, await customerWith(2, 2)],
    );
    await sql(
      `UPDATE "Order" SET "cancelledAt" = $3::timestamp WHERE shop = $1 AND id = (SELECT min(id) FROM "Order" WHERE shop = $1 AND "customerId" = $2)`,
      [SHOP, await customerWith(3, 3), later(1).toISOString()],
    );
    // A line swapped to another product inside an order whose own row is untouched.
    await sql(
      `UPDATE "LineItem" SET "productId" = 29, "variantId" = 290 WHERE shop = $1 AND id = (SELECT min(id) FROM "LineItem" WHERE shop = $1 AND "customerId" = $2)`,
      [SHOP, await customerWith(2, 4)],
    );
    // Catalogue edits: every buyer's favourite category and usual size may move.
    await sql(`UPDATE "Product" SET "productType" = 'Renamed' WHERE shop = $1 AND id = 3`, [SHOP]);
    await sql(`UPDATE "ProductVariant" SET size = 'XL' WHERE shop = $1 AND id = 51`, [SHOP]);
    await sql(`UPDATE "Customer" SET "redactedAt" = $3::timestamp WHERE shop = $1 AND id = $2`, [
      SHOP,
      await customerWith(2, 5),
      later(1).toISOString(),
    ]);
    await sql(
      `UPDATE "Customer" SET "emailMarketing" = 'SUBSCRIBED' WHERE shop = $1 AND id = $2 AND "emailMarketing" <> 'SUBSCRIBED'`,
      [SHOP, await customerWith(1, 7)],
    );
    const deleted = await customerWith(3, 8);
    await sql(
      `DELETE FROM "LineItem" WHERE shop = $1 AND "orderId" = (SELECT max(id) FROM "Order" WHERE shop = $1 AND "customerId" = $2)`,
      [SHOP, deleted],
    );
    await sql(
      `DELETE FROM "Order" WHERE shop = $1 AND id = (SELECT max(id) FROM "Order" WHERE shop = $1 AND "customerId" = $2)`,
      [SHOP, deleted],
    );
    const returner = await customerWith(1, 9);
    await sql(
      `INSERT INTO "ReturnLineItem" (shop, id, "returnId", "orderId", "customerId", "lineItemId", "productId", "variantId", quantity, "reasonHandle", "createdAt")
       SELECT shop, 990_100, 990_101, "orderId", "customerId", id, "productId", "variantId", 1, 'defective', $3::timestamp FROM "LineItem" WHERE shop = $1 AND "customerId" = $2 ORDER BY id LIMIT 1`,
      [SHOP, returner, later(1).toISOString()],
    );
    await sql(
      `INSERT INTO "Customer" (shop, id, email, "createdAt", "updatedAt") VALUES ($1, 5000000, 'new@example.com', $2::timestamp, $2::timestamp)`,
      [SHOP, later(1).toISOString()],
    );
    await placeOrder(990_003, "5000000", later(1), 2);
    // A webhook refresh between the runs, after another new order.
    const refreshed = await customerWith(2, 10);
    await placeOrder(990_004, refreshed, later(1), 9);
    await refreshCustomer({ db, now: () => later(1), log: memoryLogger() }, SHOP, BigInt(refreshed));

    const daily = await recompute(later(2));
    expect(daily.mode).toBe("incremental");
    expect(daily.dirty).toBeGreaterThan(8);
    expect(daily.dirty).toBeLessThan(300);
    const incremental = await snapshot(db.pool, SHOP);
    expect(incremental).not.toEqual(before);
    const full = await recompute(later(2), true);
    expect(full).toMatchObject({ mode: "full", newMilestones: 0 });
    expect(await snapshot(db.pool, SHOP)).toEqual(incremental);
  });

  it("equals a full rebuild after time alone moves purchases out of windows and onto anniversaries", async () => {
    // Run from a rebuilt state, then step a month (30-day window edge) and a year (365-day window, anniversaries).
    for (const days of [33, 400]) {
      const step = await recompute(later(days));
      expect(step.mode).toBe("incremental");
      expect(step.dirty).toBeGreaterThan(0);
      const incremental = await snapshot(db.pool, SHOP);
      const full = await recompute(later(days), true);
      expect(full.newMilestones).toBe(0);
      expect(await snapshot(db.pool, SHOP)).toEqual(incremental);
    }
  });

  it("rebuilds everyone when the configuration changes", async () => {
    const config = {
      ...defaultRecomputeOptions.config,
      milestones: { ...defaultRecomputeOptions.config.milestones, orderCount: [3] },
    };
    const result = await recomputeShop({ db, now: () => later(400), log: memoryLogger() }, SHOP, {
      ...defaultRecomputeOptions,
      config,
    });
    expect(result.mode).toBe("full");
    const held = await db.prisma.customerMilestone.count({ where: { shop: SHOP, kind: "order_count", threshold: 3 } });
    expect(held).toBeGreaterThan(0);
  });
});
