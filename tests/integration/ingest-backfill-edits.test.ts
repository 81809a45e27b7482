// Orders edited before install, through the simulator over HTTP: the history backfill stops
// counting the lines an edit removed, whether the order had refunds (a follow-up read tells the
// refunded units from the removed ones) or not (the bulk snapshot says it alone); a refunded unit
// still counts (docs/decisions/0139).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { parseState } from "~/ingest/rules/sync-state";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";

describe("backfill of orders edited before install", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;
  let runId: string;
  const later = () => sim.clock.advance({ ms: 60_000 });
  const customerId = 7_000_000_000_012;
  let unrefunded: { id: number; kept: number; removed: number };
  let refunded: { id: number; refundedLine: number; removed: number };

  async function lines(orderId: number): Promise<[bigint, number, number][]> {
    const rows = await database.prisma.lineItem.findMany({
      where: { shop: sim.shop, orderId: BigInt(orderId) },
      orderBy: { id: "asc" },
    });
    return rows.map((r) => [r.id, r.quantity, r.currentQuantity]);
  }

  async function backfill(): Promise<string> {
    const id = await backfillRunFor(ctx, sim.shop);
    for (let i = 0; (await runBackfill(ctx, sim.shop, id, { batchRows: 500 })) !== "done"; i++) {
      if (i > 2000) throw new Error("backfill did not finish");
      await new Promise((r) => setTimeout(r, 10));
    }
    return id;
  }

  beforeAll(async () => {
    sim = await startSimulator({ customers: 30, seed: 11 });
    const [a, b, c, d] = sim.store.catalog.slice(20, 24);
    // (a) an edit removed a line; no refunds.
    const first = sim.activity.placeOrder({
      customerId,
      lines: [{ productId: a.id }, { productId: b.id, quantity: 2 }],
    });
    later();
    sim.activity.editOrder({ orderId: first.id, removeLineItemIds: [first.lineItems[1].id] });
    later();
    // (b) a refund took one unit of a line back, then an edit removed another line.
    const second = sim.activity.placeOrder({
      customerId,
      lines: [{ productId: c.id, quantity: 2 }, { productId: d.id }],
    });
    later();
    sim.activity.refund({ orderId: second.id, lines: [{ lineItemId: second.lineItems[0].id, quantity: 1 }] });
    later();
    sim.activity.editOrder({ orderId: second.id, removeLineItemIds: [second.lineItems[1].id] });
    later();
    unrefunded = { id: first.id, kept: first.lineItems[0].id, removed: first.lineItems[1].id };
    refunded = { id: second.id, refundedLine: second.lineItems[0].id, removed: second.lineItems[1].id };

    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.accessToken);
    ctx = ingestContext(database, { endpoint: sim.url });
    runId = await backfill();
  });
  afterAll(async () => {
    await sim?.stop();
    await database?.drop();
  });

  it("drops a line an edit removed from an order without refunds, from the bulk snapshot alone", async () => {
    expect(await lines(unrefunded.id)).toEqual([[BigInt(unrefunded.kept), 1, 1]]);
  });

  it("drops a line an edit removed from a refunded order and keeps counting the refunded unit", async () => {
    expect(await lines(refunded.id)).toEqual([[BigInt(refunded.refundedLine), 2, 1]]);
  });

  it("re-reads only the edited orders the bulk snapshot cannot settle", async () => {
    const run = await database.prisma.syncRun.findFirstOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "completed", phase: "done" });
    expect(parseState(run.state).edits).toMatchObject({ orderIds: [String(refunded.id)], next: 1, done: true });
  });

  it("drops, on a later backfill over stored rows, a line an edit removed since", async () => {
    const [e, f] = sim.store.catalog.slice(18, 20);
    const order = sim.activity.placeOrder({ customerId, lines: [{ productId: e.id }, { productId: f.id }] });
    later();
    await backfill();
    expect((await lines(order.id)).length).toBe(2);
    sim.activity.editOrder({ orderId: order.id, removeLineItemIds: [order.lineItems[1].id] });
    later();
    await backfill();
    expect(await lines(order.id)).toEqual([[BigInt(order.lineItems[0].id), 1, 1]]);
  });
});
