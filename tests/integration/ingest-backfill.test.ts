// Backfill of a generated store from the simulator over HTTP: what lands in PostgreSQL matches
// the generator's truth, a second run changes nothing, a killed run resumes without holes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBackfill, backfillRunFor } from "~/ingest/tasks.server";
import type { BackfillOptions } from "~/ingest/backfill.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";

async function backfillToEnd(
  ctx: ReturnType<typeof ingestContext>,
  shop: string,
  options: BackfillOptions = {},
): Promise<string> {
  const runId = await backfillRunFor(ctx, shop);
  for (let i = 0; i < 2000; i++) {
    const outcome = await runBackfill(ctx, shop, runId, options);
    if (outcome === "done") return runId;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("backfill did not finish");
}

const snapshotSql = `SELECT
  (SELECT count(*) FROM "Customer") AS customers, (SELECT count(*) FROM "Product") AS products, (SELECT count(*) FROM "ProductVariant") AS variants,
  (SELECT count(*) FROM "Order") AS orders, (SELECT count(*) FROM "LineItem") AS "lineItems", (SELECT count(*) FROM "Refund") AS refunds,
  (SELECT count(*) FROM "Return") AS returns, (SELECT count(*) FROM "ReturnLineItem") AS "returnLineItems",
  (SELECT md5(string_agg(o.id::text || o."updatedAt"::text || o."totalRefunded"::text, ',' ORDER BY o.id)) FROM "Order" o) AS orders_hash,
  (SELECT md5(string_agg(l.id::text || l.quantity::text || l."discountedTotal"::text, ',' ORDER BY l.id)) FROM "LineItem" l) AS lines_hash`;

describe("backfill from the simulator", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 300, seed: 11 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
    ctx = ingestContext(database, simulatorAdmin(sim));
  });
  afterAll(async () => {
    await sim?.stop();
    await database?.drop();
  });

  it("stores every customer's orders and net spend as the generator made them", async () => {
    const runId = await backfillToEnd(ctx, sim.shop);
    const run = await database.prisma.syncRun.findFirstOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "completed", phase: "done" });
    expect(run.objectsWritten).toBeGreaterThan(0);
    const rows = await database.pool.query<{ id: string; orders: string; net: string }>(
      `SELECT c.id::text, count(o.id)::text AS orders, COALESCE(sum(o."totalPrice" - o."totalRefunded"), 0)::numeric(18,2)::text AS net
       FROM "Customer" c LEFT JOIN "Order" o ON o.shop = c.shop AND o."customerId" = c.id AND o."cancelledAt" IS NULL AND NOT o.test
       GROUP BY c.id ORDER BY c.id`,
    );
    expect(rows.rows.length).toBe(300);
    const mismatches = rows.rows.filter((r) => {
      const truth = sim.truth.customer(r.id)!;
      return truth.orderCount !== Number(r.orders) || Number(truth.netSpend).toFixed(2) !== r.net;
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    const returns = await database.pool.query<{ n: string; reasons: string }>(
      `SELECT count(*)::text AS n, count("reasonHandle")::text AS reasons FROM "ReturnLineItem"`,
    );
    expect(Number(returns.rows[0].n)).toBeGreaterThan(0);
    expect(returns.rows[0].reasons).toBe(returns.rows[0].n);
    const cursors = await database.prisma.syncCursor.findMany({ where: { shop: sim.shop } });
    expect(cursors.map((c) => c.resource).sort()).toEqual(["customers", "orders", "products"]);
    expect(ctx.queue.take("intelligence.recomputeShop").map((j) => j.payload)).toEqual([{ shop: sim.shop }]);
  });

  it("changes nothing when run again", async () => {
    const before = (await database.pool.query(snapshotSql)).rows[0];
    await backfillToEnd(ctx, sim.shop);
    const after = (await database.pool.query(snapshotSql)).rows[0];
    expect(after).toEqual(before);
  });

  it("resumes a run killed mid-file without duplicates or holes", async () => {
    const expected = (await database.pool.query(snapshotSql)).rows[0];
    const fresh = await createTestDatabase();
    try {
      await installShop(fresh, sim.shop, sim.tokens.installed);
      const freshCtx = ingestContext(fresh, simulatorAdmin(sim));
      // The first attempt's download dies after ~40 kB of the orders file.
      let killed = false;
      const dying: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (killed || !String(input).includes("/_simulator/bulk/") || !response.body) return response;
        const reader = response.body.getReader();
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { done, value } = await reader.read();
            if (done) return controller.close();
            sent += value.length;
            controller.enqueue(value);
            if (sent > 40_000 && !killed) {
              killed = true;
              controller.error(new Error("worker killed"));
            }
          },
        });
        return new Response(body, { status: response.status, headers: response.headers });
      };
      const runId = await backfillRunFor(freshCtx, sim.shop);
      let failures = 0;
      for (let i = 0; i < 2000; i++) {
        const outcome = await runBackfill(freshCtx, sim.shop, runId, { fetch: dying, batchRows: 500 }).catch(() => {
          failures++;
          return "failed" as const;
        });
        if (outcome === "done") break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(killed).toBe(true);
      expect(failures).toBe(1);
      const state = (await fresh.prisma.syncRun.findFirstOrThrow({ where: { id: runId } })).state as {
        resources: Record<string, { lines: number }>;
      };
      expect(Object.values(state.resources).some((r) => r.lines > 0)).toBe(true);
      const got = (await fresh.pool.query(snapshotSql)).rows[0];
      expect(got).toEqual(expected);
    } finally {
      await fresh.drop();
    }
  });
});
