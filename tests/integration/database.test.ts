import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

describe("the migrated database", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it("stores and reads a shop through Prisma and through the pool", async () => {
    await database.prisma.shop.create({ data: { domain: "a.myshopify.com", currencyCode: "EUR" } });
    const found = await database.prisma.shop.findUniqueOrThrow({ where: { domain: "a.myshopify.com" } });
    expect(found.currencyCode).toBe("EUR");
    const rows = await database.pool.query<{ n: string }>('SELECT count(*) AS n FROM "Shop"');
    expect(rows.rows[0].n).toBe("1");
  });

  it("keeps money exact", async () => {
    await database.prisma.shop.create({ data: { domain: "b.myshopify.com" } });
    await database.prisma.refund.create({
      data: { shop: "b.myshopify.com", id: 1n, orderId: 2n, createdAt: new Date(), amount: "0.1" },
    });
    await database.prisma.refund.create({
      data: { shop: "b.myshopify.com", id: 2n, orderId: 2n, createdAt: new Date(), amount: "0.2" },
    });
    const sum = await database.pool.query<{ total: string }>('SELECT sum(amount)::text AS total FROM "Refund"');
    expect(sum.rows[0].total).toBe("0.3000");
  });
});
