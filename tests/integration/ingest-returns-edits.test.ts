// Return details and order edits through the simulator over HTTP: an order's every return and a
// return's every line are stored (nested paging), and a line an order edit removes stops counting,
// by webhooks and by reconciliation (docs/decisions/0138, 0139).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshCustomer } from "~/profile/refresh.server";
import { reconcileResource } from "~/ingest/reconcile.server";
import { processWebhook } from "~/ingest/webhooks.server";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { startWebhookReceiver, type WebhookReceiver } from "~tests/support/webhook-receiver";

const SECRET = "test-secret";
const TOPICS = [
  "orders/create",
  "orders/paid",
  "orders/updated",
  "orders/edited",
  "refunds/create",
  "returns/request",
  "returns/approve",
  "returns/close",
];

describe("return details and order edits", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;
  let receiver: WebhookReceiver;
  const later = () => sim.clock.advance({ ms: 60_000 });

  async function deliver(): Promise<void> {
    await sim.webhooks.idle();
    for (;;) {
      const jobs = ctx.queue.take("ingest.webhook");
      if (jobs.length === 0) return;
      for (const job of jobs) await processWebhook(job.payload, ctx);
    }
  }

  async function productOrders(customerId: number, productId: number): Promise<number> {
    await refreshPurchaseStats(database, sim.shop, { customerIds: [String(customerId)] });
    const stat = await database.prisma.segmentPurchaseStat.findUnique({
      where: {
        shop_customerId_productId: { shop: sim.shop, customerId: BigInt(customerId), productId: BigInt(productId) },
      },
    });
    return stat?.orderCount ?? 0;
  }

  async function netSpend(customerId: number): Promise<string> {
    await refreshCustomer(ctx, sim.shop, BigInt(customerId));
    const profile = await database.prisma.customerProfile.findUniqueOrThrow({
      where: { shop_customerId: { shop: sim.shop, customerId: BigInt(customerId) } },
    });
    return Number(profile.netSpend).toFixed(2);
  }

  beforeAll(async () => {
    sim = await startSimulator({ customers: 30, seed: 11 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.accessToken);
    ctx = ingestContext(database, { endpoint: sim.url });
    const runId = await backfillRunFor(ctx, sim.shop);
    while ((await runBackfill(ctx, sim.shop, runId)) !== "done") await new Promise((r) => setTimeout(r, 10));
    receiver = await startWebhookReceiver(ctx, SECRET);
    sim.webhooks.configure({
      secret: SECRET,
      subscriptions: TOPICS.map((topic) => ({ topic, url: receiver.url })),
      retryDelaysMs: [10, 20, 40],
      duplicateProbability: 0,
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await sim?.stop();
    await database?.drop();
  });

  it("stores every return of an order and every line of a return", async () => {
    const products = sim.store.catalog.slice(0, 7);
    const order = sim.activity.placeOrder({
      customerId: 7_000_000_000_004,
      lines: products.map((p) => ({ productId: p.id, quantity: 2 })),
    });
    later();
    const big = sim.activity.createReturn({
      orderId: order.id,
      lines: order.lineItems.map((l) => ({ lineItemId: l.id, quantity: 1, reasonHandle: "size-too-large" })),
    });
    const returns = [big];
    for (const line of order.lineItems.slice(0, 3)) {
      later();
      returns.push(
        sim.activity.createReturn({
          orderId: order.id,
          lines: [{ lineItemId: line.id, quantity: 1, reasonHandle: "unwanted" }],
        }),
      );
    }
    await deliver();
    const stored = await database.prisma.return.findMany({
      where: { shop: sim.shop, orderId: BigInt(order.id) },
      orderBy: { id: "asc" },
    });
    expect(stored.map((r) => r.id)).toEqual(returns.map((r) => BigInt(r.id)));
    const lines = await database.prisma.returnLineItem.findMany({
      where: { shop: sim.shop, returnId: BigInt(big.id) },
      orderBy: { id: "asc" },
    });
    expect(lines.map((l) => l.lineItemId)).toEqual(order.lineItems.map((l) => BigInt(l.id)));
    expect(lines.map((l) => l.productId)).toEqual(products.map((p) => BigInt(p.id)));
    expect(await database.prisma.returnLineItem.count({ where: { shop: sim.shop, orderId: BigInt(order.id) } })).toBe(
      10,
    );
  });

  it("stops counting a line an order edit removed (orders/edited + orders/updated)", async () => {
    const customerId = 7_000_000_000_006;
    const [kept, removed] = sim.store.catalog.slice(10, 12);
    const first = sim.activity.placeOrder({ customerId, lines: [{ productId: kept.id }, { productId: removed.id }] });
    later();
    sim.activity.placeOrder({ customerId, lines: [{ productId: removed.id }] });
    later();
    await deliver();
    const before = await productOrders(customerId, removed.id);
    expect(before).toBeGreaterThanOrEqual(2);
    sim.activity.editOrder({ orderId: first.id, removeLineItemIds: [first.lineItems[1].id] });
    later();
    await deliver();
    const rows = await database.prisma.lineItem.findMany({ where: { shop: sim.shop, orderId: BigInt(first.id) } });
    expect(rows.map((r) => r.id)).toEqual([BigInt(first.lineItems[0].id)]);
    const order = await database.prisma.order.findUniqueOrThrow({
      where: { shop_id: { shop: sim.shop, id: BigInt(first.id) } },
    });
    expect(Number(order.totalPrice).toFixed(2)).toBe((first.lineItems[0].unitCents / 100).toFixed(2));
    expect(await productOrders(customerId, removed.id)).toBe(before - 1);
    expect(await netSpend(customerId)).toBe(
      Number(sim.truth.customer(String(customerId), sim.clock.now())!.netSpend).toFixed(2),
    );
    const statuses = await database.pool.query<{ status: string }>(`SELECT DISTINCT status FROM "WebhookDelivery"`);
    expect(statuses.rows.map((r) => r.status)).toEqual(["processed"]);
  });

  it("stops counting a removed line found by reconciliation", async () => {
    const customerId = 7_000_000_000_008;
    const [a, b] = sim.store.catalog.slice(14, 16);
    const order = sim.activity.placeOrder({
      customerId,
      lines: [{ productId: a.id }, { productId: b.id, quantity: 2 }],
    });
    later();
    // A refunded unit still counts as bought; only the edit's units stop counting.
    sim.activity.refund({ orderId: order.id, lines: [{ lineItemId: order.lineItems[0].id, quantity: 1 }] });
    later();
    await deliver();
    const before = await productOrders(customerId, b.id);
    sim.webhooks.configure({ subscriptions: [] });
    sim.activity.editOrder({ orderId: order.id, removeLineItemIds: [order.lineItems[1].id] });
    later();
    await reconcileResource(ctx, await ctx.admin(sim.shop), sim.shop, "orders");
    const rows = await database.prisma.lineItem.findMany({ where: { shop: sim.shop, orderId: BigInt(order.id) } });
    expect(rows.map((r) => [r.id, r.quantity, r.currentQuantity])).toEqual([[BigInt(order.lineItems[0].id), 1, 0]]);
    expect(await productOrders(customerId, b.id)).toBe(before - 1);
    expect(await netSpend(customerId)).toBe(
      Number(sim.truth.customer(String(customerId), sim.clock.now())!.netSpend).toFixed(2),
    );
  });
});
