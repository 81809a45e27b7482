// Two purchase-stat refreshes of one shop at once — orders/create and orders/paid of one order, each
// running its follow-ups in its own job (decision 0212), or the daily whole-shop rebuild beside an
// order's: both must succeed and leave the rows of every order (docs/decisions/0214).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { holdLock, lockWaiters } from "~tests/support/locks";
import { purchaseStatsOf, seedStore } from "~tests/support/segment-store";

const SHOP = "stats-race.myshopify.com";
const NEW_BUYER = 7_000_000_000_001n;
const RETURNING = 7_000_000_000_002n;
const LATE_BUYER = 7_000_000_000_003n;

describe("purchase-stat refreshes of one shop at once", () => {
  let database: TestDatabase;

  const stats = (customerId: bigint) => purchaseStatsOf(database.pool, SHOP, customerId);

  /**
   * Both refreshes start, and are held (by a session locking LineItem, which their INSERT reads)
   * until both have done as much as they can — without the per-shop lock, both have deleted the
   * rows as they saw them; with it, the second waits for the first.
   */
  async function atOnce(
    first: { customerIds?: bigint[] },
    second: { customerIds?: bigint[] },
  ): Promise<PromiseSettledResult<{ rows: number }>[]> {
    const lineItems = await holdLock(database.pool, `LOCK TABLE "LineItem" IN ACCESS EXCLUSIVE MODE`);
    const both = Promise.allSettled([
      refreshPurchaseStats(database, SHOP, first),
      refreshPurchaseStats(database, SHOP, second),
    ]);
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
      customers: [{ id: String(NEW_BUYER) }, { id: String(RETURNING) }, { id: String(LATE_BUYER) }],
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

  const outcomes = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === "rejected" ? String(r.reason) : r.status));

  it("a first purchase: both succeed (without the lock both deleted nothing, then the second insert failed on a duplicate key)", async () => {
    const results = await atOnce({ customerIds: [NEW_BUYER] }, { customerIds: [NEW_BUYER] });
    expect(outcomes(results)).toEqual(["fulfilled", "fulfilled"]);
    expect(await stats(NEW_BUYER)).toEqual([
      { productId: "101", orderCount: 1 },
      { productId: "102", orderCount: 1 },
    ]);
  });

  it("a returning customer: both succeed (without the lock the second deleted the rows the first had replaced, then failed on a duplicate key)", async () => {
    const results = await atOnce({ customerIds: [RETURNING] }, { customerIds: [RETURNING] });
    expect(outcomes(results)).toEqual(["fulfilled", "fulfilled"]);
    expect(await stats(RETURNING)).toEqual([
      { productId: "101", orderCount: 2 },
      { productId: "102", orderCount: 1 },
    ]);
  });

  it("the whole-shop rebuild beside a first purchase's refresh: both succeed (without the lock, whichever inserted the buyer's rows second failed on a duplicate key)", async () => {
    await seedStore(database.pool, SHOP, {
      orders: [
        { id: 921, customerId: String(LATE_BUYER), processedAt: new Date(Date.UTC(2026, 10, 21)), productIds: [103] },
      ],
    });
    const results = await atOnce({}, { customerIds: [LATE_BUYER] });
    expect(outcomes(results)).toEqual(["fulfilled", "fulfilled"]);
    expect(await stats(LATE_BUYER)).toEqual([{ productId: "103", orderCount: 1 }]);
    expect(await stats(RETURNING)).toEqual([
      { productId: "101", orderCount: 2 },
      { productId: "102", orderCount: 1 },
    ]);
  });
});
