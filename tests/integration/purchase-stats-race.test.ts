// Two purchase-stat refreshes of one customer at once (orders/create and orders/paid of one order,
// each running its follow-ups in its own job, decision 0212): both must succeed and leave the rows
// of all the customer's orders (docs/decisions/0214).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { holdLock, lockWaiters } from "~tests/support/locks";
import { seedStore } from "~tests/support/segment-store";

const SHOP = "stats-race.myshopify.com";
const NEW_BUYER = 7_000_000_000_001n;
const RETURNING = 7_000_000_000_002n;

describe("purchase-stat refreshes of one customer at once", () => {
  let database: TestDatabase;

  const stats = async (customerId: bigint) =>
    (
      await database.pool.query<{ productId: string; orderCount: number }>(
        `SELECT "productId"::text AS "productId", "orderCount" FROM "SegmentPurchaseStat"
          WHERE shop = $1 AND "customerId" = $2 ORDER BY "productId"`,
        [SHOP, customerId.toString()],
      )
    ).rows;

  /**
   * Both refreshes start, and are held (by a session locking LineItem, which their INSERT reads)
   * until both have done as much as they can — without the per-shop lock, both have deleted the
   * customer's rows as they saw them; with it, the second waits for the first.
   */
  async function refreshTwiceAtOnce(customerId: bigint): Promise<PromiseSettledResult<{ rows: number }>[]> {
    const lineItems = await holdLock(database.pool, `LOCK TABLE "LineItem" IN ACCESS EXCLUSIVE MODE`);
    const refresh = () => refreshPurchaseStats(database, SHOP, { customerIds: [customerId] });
    const both = Promise.allSettled([refresh(), refresh()]);
    try {
      await lockWaiters(database.pool, 2);
    } finally {
      await lineItems.release();
    }
    return both;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.shop.create({ data: { domain: SHOP } });
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10));
    await seedStore(database.pool, SHOP, {
      customers: [{ id: String(NEW_BUYER) }, { id: String(RETURNING) }],
      orders: [
        { id: 901, customerId: String(NEW_BUYER), processedAt: at(20), productIds: [101, 102] },
        { id: 911, customerId: String(RETURNING), processedAt: at(1), productIds: [101] },
      ],
    });
    await refreshPurchaseStats(database, SHOP, { customerIds: [RETURNING] });
    await seedStore(database.pool, SHOP, {
      orders: [{ id: 912, customerId: String(RETURNING), processedAt: at(20), productIds: [101, 102] }],
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("a first purchase: both succeed (without the lock both deleted nothing, then the second insert failed on a duplicate key)", async () => {
    const results = await refreshTwiceAtOnce(NEW_BUYER);
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : r.status))).toEqual([
      "fulfilled",
      "fulfilled",
    ]);
    expect(await stats(NEW_BUYER)).toEqual([
      { productId: "101", orderCount: 1 },
      { productId: "102", orderCount: 1 },
    ]);
  });

  it("a returning customer: both succeed (without the lock the second deleted the rows the first had replaced, then failed on a duplicate key)", async () => {
    const results = await refreshTwiceAtOnce(RETURNING);
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : r.status))).toEqual([
      "fulfilled",
      "fulfilled",
    ]);
    expect(await stats(RETURNING)).toEqual([
      { productId: "101", orderCount: 2 },
      { productId: "102", orderCount: 1 },
    ]);
  });
});
