// Reconciliation fills what webhooks missed, through throttling, 5xx and timeouts, and the
// backfill survives the same faults: retried, nothing lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileShop } from "~/ingest/reconcile.server";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";

describe("reconciliation and API faults", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;

  async function mismatches(): Promise<unknown[]> {
    const rows = await database.pool.query<{ id: string; orders: string; net: string }>(
      `SELECT c.id::text, count(o.id)::text AS orders, COALESCE(sum(o."totalPrice" - o."totalRefunded"), 0)::numeric(18,2)::text AS net
       FROM "Customer" c LEFT JOIN "Order" o ON o.shop = c.shop AND o."customerId" = c.id AND o."cancelledAt" IS NULL AND NOT o.test
       GROUP BY c.id ORDER BY c.id`,
    );
    const now = sim.clock.now();
    return rows.rows.flatMap((r) => {
      const truth = sim.truth.customer(r.id, now)!;
      return truth.orderCount === Number(r.orders) && Number(truth.netSpend).toFixed(2) === r.net
        ? []
        : [{ id: r.id, truth, got: r }];
    });
  }

  beforeAll(async () => {
    sim = await startSimulator({ customers: 50, seed: 9 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
    ctx = ingestContext(database, simulatorAdmin(sim));
  });
  afterAll(async () => {
    await sim?.stop();
    await database?.drop();
  });

  it("completes a backfill through an empty bucket, 5xx answers and a timeout", async () => {
    // Warm the simulator up (its first request builds the schema), then empty the bucket.
    await (await ctx.admin(sim.shop)).request(`query Warm { shop { name } }`);
    // 10 points/s: the first bulk mutation (10 points) cannot be paid right away, whatever the machine's speed.
    sim.rateLimit.setRestoreRate(10);
    sim.rateLimit.drain(0);
    sim.faults.inject({ kind: "error", status: 502, count: 2, operationName: "BulkOperationStatus" });
    sim.faults.inject({ kind: "timeout", count: 1, operationName: "BulkOperationStatus" });
    const runId = await backfillRunFor(ctx, sim.shop);
    for (let i = 0; i < 1000 && (await runBackfill(ctx, sim.shop, runId)) !== "done"; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await database.prisma.syncRun.findFirstOrThrow({ where: { id: runId } })).status).toBe("completed");
    const retries = ctx.log.lines.filter((l) => l.message === "admin api retry").map((l) => l.fields.kind);
    expect(new Set(retries)).toEqual(new Set(["throttled", "server", "timeout"]));
    expect(await mismatches()).toEqual([]);
    expect(await database.prisma.customer.count()).toBe(50);
    sim.rateLimit.setRestoreRate(100);
  });

  it("picks up changes no webhook reported", async () => {
    const customerId = 7_000_000_000_010;
    sim.clock.advance({ hours: 1 });
    const order = sim.activity.placeOrder({ customerId });
    sim.clock.advance({ hours: 1 });
    sim.activity.refund({ orderId: order.id, amount: "3.00" });
    sim.clock.advance({ hours: 1 });
    sim.activity.updateCustomer(customerId, { lastName: "Reconciled" });
    sim.clock.advance({ days: 20 });
    expect((await mismatches()).length).toBeGreaterThan(0);
    sim.faults.inject({ kind: "error", status: 503, count: 1 });
    await reconcileShop(ctx, sim.shop, { pageSize: { orders: 7, customers: 13 } });
    expect(await mismatches()).toEqual([]);
    const customer = await database.prisma.customer.findUniqueOrThrow({
      where: { shop_id: { shop: sim.shop, id: BigInt(customerId) } },
    });
    expect(customer.lastName).toBe("Reconciled");
    // The reconciled order's follow-ups ran: the customer's profile counts it.
    const profile = await database.prisma.customerProfile.findUniqueOrThrow({
      where: { shop_customerId: { shop: sim.shop, customerId: BigInt(customerId) } },
    });
    expect(profile.orderCount).toBe(sim.truth.customer(String(customerId), sim.clock.now())!.orderCount);
    const cursor = await database.prisma.syncCursor.findUniqueOrThrow({
      where: { shop_resource: { shop: sim.shop, resource: "orders" } },
    });
    expect(cursor.syncedTo.getTime()).toBeGreaterThan(sim.clock.now().getTime() - 25 * 86_400_000);
    const runs = await database.prisma.syncRun.findMany({ where: { kind: "reconcile" } });
    expect(runs.map((r) => r.status)).toEqual(["completed"]);
  });
});
