// Every table is to be keyed by shop, so the data can be distributed by shop (Citus, docs/scaling.md):
// each primary key and unique index starts with `shop`, but for the reference tables named below;
// the test fails when a new table or index breaks the rule, or when one of those is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

/**
 * index name → why it is not shop-first: the two reference tables, small and read by every shop,
 * which Citus replicates to every node instead of distributing (docs/scaling.md). Every other
 * table's keys start with shop (docs/decisions/0206).
 */
const REFERENCE: Record<string, string> = {
  Shop_pkey: "the shop itself (domain is the shop): the distribution column of every other table",
  Session_pkey: "shape fixed by @shopify/shopify-app-session-storage-prisma (id = offline_<shop>)",
};

interface KeyRow {
  table: string;
  index: string;
  columns: string[];
}

describe("keys for distributing by shop", () => {
  let database: TestDatabase;
  let keys: KeyRow[];
  beforeAll(async () => {
    database = await createTestDatabase();
    const result = await database.pool.query<KeyRow>(`
      SELECT c.relname AS "table", i.relname AS "index", array_agg(a.attname::text ORDER BY k.ord) AS columns
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE (x.indisprimary OR x.indisunique) AND c.relname <> '_prisma_migrations'
       GROUP BY 1, 2`);
    keys = result.rows;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("has a primary key on every table", async () => {
    const tables = await database.pool.query<{ table: string }>(
      `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
          AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid AND x.indisprimary)`,
    );
    expect(tables.rows).toEqual([]);
  });

  it("starts every primary key and unique index with shop, but for the reference tables", () => {
    const offenders = keys
      .filter((key) => key.columns[0] !== "shop" && !(key.index in REFERENCE))
      .map((key) => `${key.index} (${key.columns.join(", ")})`);
    expect(offenders).toEqual([]);
  });

  it("names only reference-table keys that still break the rule", () => {
    const stillBreaking = new Set(keys.filter((key) => key.columns[0] !== "shop").map((key) => key.index));
    expect(Object.keys(REFERENCE).filter((index) => !stillBreaking.has(index))).toEqual([]);
  });
});
