// Purchase occasions (docs/decisions/0205): the CLV model counts days with a counted order in the
// shop's timezone, not orders. The full recompute, the incremental daily run and the single-customer
// refresh must store the same purchase days and predictions, row for row, in a shop far from UTC.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "~/logger.server";
import { defaultRecomputeOptions, recomputeShop, type RecomputeResult } from "~/profile/recompute.server";
import { refreshCustomer } from "~/profile/refresh.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { snapshot } from "~tests/support/intelligence-snapshot";
import { writeSyntheticStore } from "~tests/support/synthetic-store";

const SHOP = "occasions.myshopify.com";
const asOf = new Date("2026-06-01T00:00:00Z");
const DAY = 86_400_000;
const CUSTOMER = "77000001";

describe("purchase occasions in the recompute and the refresh", () => {
  let db: TestDatabase;
  const deps = (now: Date) => ({ db, now: () => now, log: memoryLogger() });
  const recompute = (now: Date, full = false): Promise<RecomputeResult> =>
    recomputeShop(deps(now), SHOP, { ...defaultRecomputeOptions, full });
  const sql = (text: string, values: unknown[] = []) => db.pool.query(text, values);
  const placeOrder = (id: number, customer: string, at: string, total: string) =>
    sql(
      `INSERT INTO "Order" (shop, id, name, "customerId", "processedAt", "createdAt", "updatedAt", "currencyCode", "subtotalPrice", "totalPrice")
       VALUES ($1, $2, $3, $4, $5::timestamp, $5::timestamp, $5::timestamp, 'USD', $6, $6)`,
      [SHOP, id, `#${id}`, customer, at, total],
    );
  const profile = async (customer: string) =>
    (
      await sql(
        `SELECT "orderCount", "purchaseDays", "firstPurchaseDay"::text AS first, "lastPurchaseDay"::text AS last,
           "firstDayNet"::text AS "firstDayNet", "netSpend"::text AS net FROM "CustomerProfile" WHERE shop = $1 AND "customerId" = $2`,
        [SHOP, customer],
      )
    ).rows[0] as Record<string, unknown>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await writeSyntheticStore(db.pool, { shop: SHOP, customers: 800, asOf, seed: 23, products: 30 });
    // UTC+12 in June, UTC+13 in January: most UTC days split across two local days here.
    await sql(`UPDATE "Shop" SET "ianaTimezone" = 'Pacific/Auckland' WHERE domain = $1`, [SHOP]);
    await sql(
      `INSERT INTO "Customer" (shop, id, "createdAt", "updatedAt") VALUES ($1, $2, '2025-01-01', '2025-01-01')`,
      [SHOP, CUSTOMER],
    );
    // 20:00 and 23:30 UTC on 9 January 2026 are 10 January in Auckland; 12:00 UTC on 10 January is
    // 11 January there (one UTC day, two Auckland days; two UTC days, one Auckland day).
    await placeOrder(77_100_001, CUSTOMER, "2026-01-09 20:00:00", "40.00");
    await placeOrder(77_100_002, CUSTOMER, "2026-01-09 23:30:00", "60.00");
    await placeOrder(77_100_003, CUSTOMER, "2026-01-10 12:00:00", "25.00");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("a full recompute stores one occasion per local day, orders still counted one by one", async () => {
    const first = await recompute(asOf);
    expect(first).toMatchObject({ mode: "full", clv: { status: "ok" } });
    expect(await profile(CUSTOMER)).toEqual({
      orderCount: 3,
      purchaseDays: 2,
      first: "2026-01-10",
      last: "2026-01-11",
      firstDayNet: "100.0000",
      net: "125.0000",
    });
    // The synthetic store has customers with two orders on one local day: the model sees fewer occasions.
    const { rows } = await sql(
      `SELECT count(*)::int AS n FROM "CustomerProfile" WHERE shop = $1 AND "purchaseDays" < "orderCount"`,
      [SHOP],
    );
    expect((rows[0] as { n: number }).n).toBeGreaterThan(1);
  });

  it("single-customer refreshes equal the recompute", async () => {
    const before = await snapshot(db.pool, SHOP);
    const { rows } = await sql(
      `SELECT "customerId"::text AS id FROM "CustomerProfile" WHERE shop = $1 AND ("purchaseDays" < "orderCount" OR "customerId" % 9 = 0)`,
      [SHOP],
    );
    expect(rows.length).toBeGreaterThan(50);
    for (const { id } of rows as { id: string }[]) await refreshCustomer(deps(asOf), SHOP, BigInt(id));
    expect(await snapshot(db.pool, SHOP)).toEqual(before);
  });

  it("after a same-day order and a day passing, the incremental run equals a full rebuild", async () => {
    const next = new Date(asOf.getTime() + DAY);
    // Same Auckland day as the last one (11 January): a new order, no new occasion.
    await placeOrder(77_100_004, CUSTOMER, "2026-01-10 20:00:00", "15.00");
    const daily = await recompute(next);
    expect(daily.mode).toBe("incremental");
    expect(await profile(CUSTOMER)).toMatchObject({ orderCount: 4, purchaseDays: 2, last: "2026-01-11" });
    const incremental = await snapshot(db.pool, SHOP);
    expect((await recompute(next, true)).mode).toBe("full");
    expect(await snapshot(db.pool, SHOP)).toEqual(incremental);
  });

  it("a change of the shop's timezone rebuilds everyone on its calendar", async () => {
    await sql(`UPDATE "Shop" SET "ianaTimezone" = 'UTC' WHERE domain = $1`, [SHOP]);
    const next = new Date(asOf.getTime() + 2 * DAY);
    expect((await recompute(next)).mode).toBe("full");
    expect(await profile(CUSTOMER)).toMatchObject({ purchaseDays: 2, first: "2026-01-09", last: "2026-01-10" });
  });
});
