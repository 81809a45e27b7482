// The bulk write path (docs/decisions/0085-bulk-write-path.md) against the row path it replaced:
// direct COPY on a first backfill, the upsert fallback when rows are already there, a second run
// that rewrites nothing, and a crash mid-file with two batches in flight.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollBulk, startBulk, bulkChildren } from "~/ingest/bulk.server";
import { ingestBulkFile, type BulkIngestOptions } from "~/ingest/bulk-ingest.server";
import type { GqlCustomer, GqlOrder } from "~/ingest/rules/graphql-types";
import { assembleBulk, readLineBatches } from "~/ingest/rules/jsonl";
import { addCustomer, addOrder, batchOf } from "~/ingest/rules/map-graphql";
import type { BulkResource } from "~/ingest/rules/sync-state";
import { writeBatch } from "~/ingest/writers.server";
import { createAdminClient } from "~/shopify/admin-client.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

const SNAPSHOT_AT = new Date("2026-11-29T05:00:00.000Z");
const tables = ["Customer", "Order", "LineItem", "Refund", "Return"] as const;

/** Every column of every row, per table: equal snapshots mean equal stored values. */
async function snapshot(db: TestDatabase): Promise<Record<string, { n: string; hash: string | null }>> {
  const out: Record<string, { n: string; hash: string | null }> = {};
  for (const t of tables) {
    const row = (
      await db.pool.query<{ n: string; hash: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t.id)) AS hash FROM "${t}" t`,
      )
    ).rows[0];
    out[t] = row;
  }
  return out;
}

const xmins = async (db: TestDatabase): Promise<string> =>
  (
    await db.pool.query<{ x: string }>(
      `SELECT md5(string_agg(xmin::text, ',' ORDER BY id)) AS x FROM (SELECT id, xmin FROM "Order" UNION ALL SELECT id, xmin FROM "LineItem") t`,
    )
  ).rows[0].x;

function chunked(text: string, size = 7_000): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

describe("bulk write path", () => {
  let sim: Simulator;
  const files = {} as Record<BulkResource, string>;
  let reference: Awaited<ReturnType<typeof snapshot>>;
  const databases: TestDatabase[] = [];

  const fresh = async (): Promise<TestDatabase> => {
    const db = await createTestDatabase();
    databases.push(db);
    await db.pool.query(`CREATE TABLE bulk_checkpoint (lines int NOT NULL)`);
    await db.pool.query(`INSERT INTO bulk_checkpoint VALUES (0)`);
    return db;
  };
  const ingest = (db: TestDatabase, resource: BulkResource, extra: Partial<BulkIngestOptions> = {}) =>
    ingestBulkFile({
      pool: db.pool,
      shop: sim.shop,
      resource,
      url: `memory://${resource}`,
      skipLines: 0,
      snapshotAt: SNAPSHOT_AT,
      batchRows: 200,
      fetch: async () => new Response(chunked(files[resource])),
      checkpoint: async (client, progress) => {
        await client.query(`UPDATE bulk_checkpoint SET lines = $1`, [progress.lines]);
      },
      ...extra,
    });
  // The path before 0085: row objects, temp tables and upserts for every batch.
  const rowPath = async (db: TestDatabase, resource: "orders" | "customers"): Promise<void> => {
    for await (const roots of assembleBulk<GqlOrder & GqlCustomer>(
      readLineBatches(chunked(files[resource])),
      bulkChildren[resource],
    )) {
      const batch = batchOf((b) =>
        roots.forEach(({ root }) =>
          resource === "orders" ? addOrder(b, sim.shop, root, SNAPSHOT_AT) : addCustomer(b, sim.shop, root),
        ),
      );
      await writeBatch(db.pool, batch);
    }
  };

  beforeAll(async () => {
    sim = await startSimulator({ customers: 150, seed: 21 });
    const admin = createAdminClient({
      shop: sim.shop,
      accessToken: sim.accessToken,
      apiVersion: sim.apiVersion,
      endpoint: sim.url,
    });
    for (const resource of ["customers", "orders"] as const) {
      const started = await startBulk(admin, resource);
      if (!("started" in started)) throw new Error(started.busy);
      let op = await pollBulk(admin, started.started.id);
      while (op?.status !== "COMPLETED") {
        await new Promise((r) => setTimeout(r, 20));
        op = await pollBulk(admin, started.started.id);
      }
      files[resource] = await (await fetch(op.url!)).text();
    }
    const db = await fresh();
    await rowPath(db, "customers");
    await rowPath(db, "orders");
    reference = await snapshot(db);
    expect(Number(reference.Order.n)).toBeGreaterThan(300);
    expect(Number(reference.Return.n)).toBeGreaterThan(0);
    expect(Number(reference.Refund.n)).toBeGreaterThan(0);
  });
  afterAll(async () => {
    for (const db of databases) await db.drop();
    await sim?.stop();
  });

  it("COPYs a first backfill straight into the tables, storing exactly what the row path stores", async () => {
    const db = await fresh();
    const customers = await ingest(db, "customers");
    const orders = await ingest(db, "orders");
    expect(customers.batches.upsert + orders.batches.upsert).toBe(0);
    expect(orders.batches.direct).toBeGreaterThan(3);
    expect(await snapshot(db)).toEqual(reference);
    expect(orders.lines).toBe(files.orders.trim().split("\n").length);
    expect(orders.written).toBe(
      ["Order", "LineItem", "Refund", "Return"].reduce((n, t) => n + Number(reference[t].n), 0),
    );
  });

  it("falls back to the versioned upsert where rows exist: newer stored versions and redactions win", async () => {
    const db = await fresh();
    const lines = files.orders
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as GqlOrder & { __parentId?: string });
    const roots = lines.filter((l) => !l.__parentId);
    const [older, newer] = [roots[40], roots[41]];
    // Stored before the backfill: an older snapshot of one order, a newer snapshot of the next.
    await writeBatch(
      db.pool,
      batchOf((b) =>
        addOrder(
          b,
          sim.shop,
          { ...older, name: "stale", updatedAt: "2000-01-01T00:00:00Z", lineItems: [], returns: [] },
          SNAPSHOT_AT,
        ),
      ),
    );
    await writeBatch(
      db.pool,
      batchOf((b) =>
        addOrder(
          b,
          sim.shop,
          { ...newer, name: "newer", updatedAt: "2099-01-01T00:00:00Z", lineItems: [], refunds: [], returns: [] },
          SNAPSHOT_AT,
        ),
      ),
    );
    const redactedId = (JSON.parse(files.customers.split("\n")[5]) as { id: string }).id.split("/").pop()!;
    await db.pool.query(
      `INSERT INTO "Customer" (shop, id, "createdAt", "updatedAt", "redactedAt") VALUES ($1, $2, now(), now(), now())`,
      [sim.shop, redactedId],
    );

    const customers = await ingest(db, "customers");
    const orders = await ingest(db, "orders");
    expect(customers.batches.upsert).toBeGreaterThan(0);
    expect(orders.batches.upsert).toBeGreaterThan(0);

    const got = await db.pool.query<{ id: string; name: string; lines: string }>(
      `SELECT o.id::text, o.name, (SELECT count(*) FROM "LineItem" l WHERE l."orderId" = o.id)::text AS lines FROM "Order" o WHERE o.id = ANY($1::bigint[]) ORDER BY o.id`,
      [[older.id, newer.id].map((g) => g.split("/").pop())],
    );
    const expectedLines = (gid: string) =>
      String(lines.filter((l) => l.__parentId === gid && l.id.includes("/LineItem/")).length);
    expect(got.rows).toEqual([
      { id: older.id.split("/").pop(), name: older.name, lines: expectedLines(older.id) },
      // The stored snapshot is newer: neither the order nor its children from the file are taken.
      { id: newer.id.split("/").pop(), name: "newer", lines: "0" },
    ]);
    const redacted = await db.pool.query(`SELECT email, "firstName" FROM "Customer" WHERE id = $1`, [redactedId]);
    expect(redacted.rows).toEqual([{ email: null, firstName: null }]);
    const customerCount = await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Customer"`);
    expect(customerCount.rows[0].n).toBe(reference.Customer.n);
  });

  it("rewrites nothing on a second backfill", async () => {
    const db = await fresh();
    await ingest(db, "customers");
    await ingest(db, "orders");
    const before = await xmins(db);
    const again = await ingest(db, "orders");
    expect(again.written).toBe(0);
    expect(again.batches.upsert).toBeGreaterThan(again.batches.direct);
    expect(await xmins(db)).toBe(before);
    expect(await snapshot(db)).toEqual(reference);
  });

  it("resumes a run killed mid-file, with batches in flight, without duplicates or holes", async () => {
    const db = await fresh();
    await ingest(db, "customers");
    const size = new TextEncoder().encode(files.orders).length;
    const dying: typeof fetch = async () => {
      const source = chunked(files.orders).getReader();
      let sent = 0;
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { done, value } = await source.read();
            if (done) return controller.close();
            sent += value.length;
            if (sent > size / 2) return controller.error(new Error("worker killed"));
            controller.enqueue(value);
          },
        }),
      );
    };
    await expect(ingest(db, "orders", { fetch: dying })).rejects.toThrow("worker killed");
    const committed = (await db.pool.query<{ lines: number }>(`SELECT lines FROM bulk_checkpoint`)).rows[0].lines;
    expect(committed).toBeGreaterThan(0);
    // Exactly the orders of the committed prefix are stored: commits were in file order.
    const prefix = files.orders
      .split("\n")
      .slice(0, committed)
      .filter((l) => !l.includes("__parentId")).length;
    expect((await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Order"`)).rows[0].n).toBe(
      String(prefix),
    );

    const resumed = await ingest(db, "orders", { skipLines: committed });
    expect(resumed.batches.upsert).toBe(0);
    expect(await snapshot(db)).toEqual(reference);
  });

  it("rolls back the batch in flight after one that failed", async () => {
    const db = await fresh();
    let calls = 0;
    const failing = ingest(db, "orders", {
      checkpoint: async (client, progress) => {
        if (++calls === 3) throw new Error("checkpoint failed");
        await client.query(`UPDATE bulk_checkpoint SET lines = $1`, [progress.lines]);
      },
    });
    await expect(failing).rejects.toThrow("checkpoint failed");
    const committed = (await db.pool.query<{ lines: number }>(`SELECT lines FROM bulk_checkpoint`)).rows[0].lines;
    const prefix = files.orders
      .split("\n")
      .slice(0, committed)
      .filter((l) => !l.includes("__parentId")).length;
    expect(calls).toBe(3);
    expect((await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Order"`)).rows[0].n).toBe(
      String(prefix),
    );
  });
});
