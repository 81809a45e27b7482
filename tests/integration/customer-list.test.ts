// The customer list's keyset pages, total and search against a real database (decision 0203).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMERS_PAGE_SIZE, listCustomers, type CustomerList } from "~/web/screens/customers.server";
import { SEARCH_COUNT_CAP, TOTAL_TTL_MS } from "~/web/screens/customer-total.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

const shop = "list.myshopify.com";
const big = "list-big.myshopify.com";
const now = new Date("2026-06-01T12:00:00.000Z");
const at = (day: number) => new Date(Date.UTC(2026, 4, 1 + day, 9));
let db: TestDatabase;
const ctx = (clock = now) => ({ db, now: () => clock });

interface Seed {
  id: number;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  /** undefined: no profile; null: a profile without orders. */
  lastOrderAt?: Date | null;
  gone?: "redacted" | "deleted";
}

// 40 with an order (in ties of five on the same instant), 10 profiles without one, 25 without a
// profile, 5 that are not listed (redacted or deleted).
const seeds: Seed[] = [
  ...Array.from({ length: 40 }, (_, i) => ({ id: 100 + ((i * 37) % 40), lastOrderAt: at(Math.floor(i / 5)) })),
  ...Array.from({ length: 10 }, (_, i) => ({ id: 200 + i * 3, lastOrderAt: null })),
  ...Array.from({ length: 25 }, (_, i) => ({ id: 300 + i * 7 })),
  { id: 999, lastOrderAt: at(30), gone: "redacted" },
  { id: 998, lastOrderAt: at(30), gone: "deleted" },
  { id: 997, gone: "deleted" },
  { id: 996, lastOrderAt: null, gone: "redacted" },
  { id: 995, lastOrderAt: at(1), gone: "deleted" },
];
const named: Record<number, Partial<Seed>> = {
  100: { firstName: "Ada", lastName: "Lovelace", email: "ADA@Example.com" },
  101: { firstName: "Percy", lastName: "100%_Off", email: "deals@example.com" },
  102: { firstName: "Back", lastName: "Sl\\ash", email: "b@example.com" },
  103: { firstName: "Percy", lastName: "100xyOff", email: "p@example.com" },
  300: { firstName: null, lastName: "Lovelace", email: null },
  200: { firstName: "Ada", lastName: null, email: "ada2@example.org" },
};

const listed = seeds.filter((s) => !s.gone);
/** The list's order: last order newest first, customers without one last, then id descending. */
const expectedOrder = [...listed]
  .sort((a, b) => {
    const ta = a.lastOrderAt?.getTime() ?? -Infinity;
    const tb = b.lastOrderAt?.getTime() ?? -Infinity;
    return ta !== tb ? tb - ta : b.id - a.id;
  })
  .map((s) => String(s.id));

async function insert(target: string, list: Seed[]) {
  await db.prisma.customer.createMany({
    data: list.map((s) => ({
      shop: target,
      id: BigInt(s.id),
      firstName: named[s.id]?.firstName !== undefined ? named[s.id].firstName : `First${s.id}`,
      lastName: named[s.id]?.lastName !== undefined ? named[s.id].lastName : "Test",
      email: named[s.id]?.email !== undefined ? named[s.id].email : `c${s.id}@example.com`,
      createdAt: now,
      updatedAt: now,
      redactedAt: s.gone === "redacted" ? now : null,
      deletedAt: s.gone === "deleted" ? now : null,
    })),
  });
  await db.prisma.customerProfile.createMany({
    data: list
      .filter((s) => s.lastOrderAt !== undefined)
      .map((s) => ({
        shop: target,
        customerId: BigInt(s.id),
        lastOrderAt: s.lastOrderAt,
        orderCount: s.lastOrderAt ? 1 : 0,
      })),
  });
}

/** Every page from the first, following nextCursor. */
async function walk(query?: string): Promise<CustomerList[]> {
  const pages = [await listCustomers(ctx(), shop, { query })];
  while (pages[pages.length - 1].nextCursor && pages.length < 50)
    pages.push(await listCustomers(ctx(), shop, { query, after: pages[pages.length - 1].nextCursor }));
  return pages;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await insert(shop, seeds);
  // The same ids in another shop, all newer: never listed here.
  await insert(
    "other.myshopify.com",
    listed.map((s) => ({ ...s, lastOrderAt: at(40) })),
  );
  await db.pool.query(
    `INSERT INTO "Customer" (shop, id, "firstName", "lastName", email, "createdAt", "updatedAt")
     SELECT $1, g, 'Smith', 'Jones' || g, 'smith' || g || '@example.com', now(), now() FROM generate_series(1, $2::int) g`,
    [big, SEARCH_COUNT_CAP + 5],
  );
});

afterAll(async () => {
  await db.drop();
});

describe("customer list pages", () => {
  it("cover every listed customer exactly once, in order, ties broken by id", async () => {
    const pages = await walk();
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(ids).toEqual(expectedOrder);
    expect(pages.map((p) => p.start)).toEqual([1, 26, 51]);
    expect(pages.map((p) => p.rows.length)).toEqual([25, 25, 25]);
    expect(pages[0].previousCursor).toBeNull();
    expect(pages[2].nextCursor).toBeNull();
    expect(pages[0].rows[0]).toMatchObject({ id: "115", lastOrderAt: at(7).toISOString(), orderCount: 1 });
  });

  it("go back to the same pages with previousCursor", async () => {
    const pages = await walk();
    let page = pages[pages.length - 1];
    for (let i = pages.length - 2; i >= 0; i -= 1) {
      page = await listCustomers(ctx(), shop, { before: page.previousCursor });
      expect(page.rows.map((r) => r.id)).toEqual(pages[i].rows.map((r) => r.id));
      expect(page.start).toBe(pages[i].start);
    }
    expect(page.previousCursor).toBeNull();
  });

  it("continue after the cursor's row when customers arrive or leave in between", async () => {
    const first = await listCustomers(ctx(), shop, {});
    await insert(shop, [{ id: 500, lastOrderAt: at(20) }]);
    await db.pool.query(`UPDATE "Customer" SET "deletedAt" = now() WHERE shop = $1 AND id = $2`, [
      shop,
      BigInt(first.rows[24].id),
    ]);
    try {
      const second = await listCustomers(ctx(), shop, { after: first.nextCursor });
      expect(second.rows.map((r) => r.id)).toEqual(expectedOrder.slice(25, 50));
    } finally {
      await db.pool.query(`DELETE FROM "CustomerProfile" WHERE shop = $1 AND "customerId" = 500`, [shop]);
      await db.pool.query(`DELETE FROM "Customer" WHERE shop = $1 AND id = 500`, [shop]);
      await db.pool.query(`UPDATE "Customer" SET "deletedAt" = NULL WHERE shop = $1 AND id = $2`, [
        shop,
        BigInt(first.rows[24].id),
      ]);
    }
  });

  it("count the listed customers, recounting once the cached total is a minute old", async () => {
    const later = new Date(now.getTime() + 3 * TOTAL_TTL_MS);
    expect((await listCustomers(ctx(later), shop, {})).total).toBe(listed.length);
    await insert(shop, [{ id: 501 }]);
    try {
      expect((await listCustomers(ctx(new Date(later.getTime() + 1000)), shop, {})).total).toBe(listed.length);
      const fresh = await listCustomers(ctx(new Date(later.getTime() + TOTAL_TTL_MS)), shop, {});
      expect(fresh.total).toBe(listed.length + 1);
    } finally {
      await db.pool.query(`DELETE FROM "Customer" WHERE shop = $1 AND id = 501`, [shop]);
    }
    expect((await listCustomers(ctx(), "empty.myshopify.com", {})).total).toBe(0);
  });
});

describe("customer search", () => {
  it("matches email or full name anywhere, case-insensitively, in list order", async () => {
    expect(await ids("ada love")).toEqual(["100"]);
    expect(await ids("LOVELACE")).toEqual(["100", "300"]);
    expect(await ids("ada")).toEqual(["100", "200"]);
    expect(await ids("example.org")).toEqual(["200"]);
    expect(await ids("c139@EXAMPLE")).toEqual(["139"]);
  });

  it("takes %, _ and backslashes literally", async () => {
    expect(await ids("100%_off")).toEqual(["101"]);
    expect(await ids("%")).toEqual(["101"]);
    expect(await ids("_")).toEqual(["101"]);
    expect(await ids("sl\\ash")).toEqual(["102"]);
    expect(await ids("\\")).toEqual(["102"]);
    expect(await ids("%%")).toEqual([]);
  });

  it("pages through many matches, counting them up to the cap", async () => {
    const first = await listCustomers(ctx(), big, { query: "smith" });
    expect(first).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsLowerBound: true, start: 1 });
    const second = await listCustomers(ctx(), big, { query: "smith", after: first.nextCursor });
    expect(second.start).toBe(26);
    expect(second.rows.map((r) => r.id)).toEqual(
      Array.from({ length: 25 }, (_, i) => String(SEARCH_COUNT_CAP + 5 - 25 - i)),
    );
    const few = await listCustomers(ctx(), big, { query: "jones100" });
    expect(few).toMatchObject({ total: 7, totalIsLowerBound: false });
  });
});

describe("hostile input", () => {
  it("an unreadable cursor shows the first page and says why", async () => {
    for (const cursor of ["garbage", "n.0.1", "n.99999999999999999999.1", "1.1.1'; SELECT 1; --", "%", "\u0000"]) {
      for (const key of ["after", "before"] as const) {
        const page = await listCustomers(ctx(), shop, { [key]: cursor });
        expect(page.error, cursor).toBe("That page link is no longer valid, so the list starts from the beginning.");
        expect(page.rows.map((r) => r.id)).toEqual(expectedOrder.slice(0, CUSTOMERS_PAGE_SIZE));
      }
    }
  });

  it("a well-formed cursor of no customer still gives the rows after its key", async () => {
    const page = await listCustomers(ctx(), shop, { after: `n.100000.${10 ** 9 - 1}` });
    expect(page.error).toBeNull();
    expect(page.rows.map((r) => r.id)).toEqual(expectedOrder.filter((_, i) => i >= 40).slice(0, 25));
  });

  it("search text that is too long is refused, control characters are ignored", async () => {
    const long = await listCustomers(ctx(), shop, { query: "a".repeat(10_000) });
    expect(long).toMatchObject({ rows: [], total: 0, error: "Search text is too long: use at most 200 characters." });
    expect(long.query).toHaveLength(200);
    expect(await ids("ada\u0000")).toEqual(["100", "200"]);
    expect(await ids('\'; DROP TABLE "Customer"; --')).toEqual([]);
    expect(await ids("😀".repeat(50))).toEqual([]);
  });
});

async function ids(query: string): Promise<string[]> {
  return (await walk(query)).flatMap((p) => p.rows.map((r) => r.id));
}
