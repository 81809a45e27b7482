// Every table is to be keyed by shop, so the data can be distributed by shop (Citus, docs/scaling.md):
// each primary key and unique index starts with `shop`. The tables below do not yet; each is named
// with why, and the test fails when a new table or index breaks the rule, or when one of these is
// fixed and its line should go.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

/** index name → why it is not shop-first yet (docs/scaling.md, "Not yet keyed by shop"). */
const NOT_YET: Record<string, string> = {
  Shop_pkey: "the shop itself (domain is the shop): the distribution column of every other table",
  Session_pkey: "shape fixed by @shopify/shopify-app-session-storage-prisma (id = offline_<shop>)",
  Campaign_pkey: "cuid id, looked up by id alone",
  Message_pkey: "cuid id, looked up by id alone (outbox, links, unsubscribe)",
  Message_campaignId_customerId_triggerKey_key: "the at-most-once key; campaignId implies the shop",
  Segment_pkey: "cuid id, looked up by id alone",
  SyncRun_pkey: "cuid id",
  DataRequest_pkey: "cuid id",
  Unsubscribe_pkey: "cuid id",
  WebhookDelivery_pkey: "Shopify's webhook id, unique across shops",
  MessageClick_pkey: "one click row per message id",
  MachineClick_pkey: "per message id and reason",
  MarketingActivity_pkey: "per campaign id",
  MarketingEngagementReport_pkey: "per campaign id and day",
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

  it("starts every primary key and unique index with shop, but for the tables named above", () => {
    const offenders = keys
      .filter((key) => key.columns[0] !== "shop" && !(key.index in NOT_YET))
      .map((key) => `${key.index} (${key.columns.join(", ")})`);
    expect(offenders).toEqual([]);
  });

  it("names only indexes that still break the rule", () => {
    const stillBreaking = new Set(keys.filter((key) => key.columns[0] !== "shop").map((key) => key.index));
    expect(Object.keys(NOT_YET).filter((index) => !stillBreaking.has(index))).toEqual([]);
  });
});
