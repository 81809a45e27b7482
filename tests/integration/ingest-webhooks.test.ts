// Live changes through webhooks delivered by the simulator over HTTP, with duplicates and
// shuffled arrival: after processing, the store matches the generator's truth again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processWebhook, receiveWebhook } from "~/ingest/webhooks.server";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";
import { startWebhookReceiver, type WebhookReceiver } from "~tests/support/webhook-receiver";

const SECRET = "test-secret";
/** What an order webhook used to queue and now runs itself (decision 0212). */
const FOLLOW_UPS = new Set<string>([
  "intelligence.refreshCustomer",
  "segments.refreshPurchaseStats",
  "campaigns.onOrder",
  "results.attributeOrder",
]);
const TOPICS = [
  "orders/create",
  "orders/paid",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/close",
  "customers/create",
  "customers/update",
  "products/update",
];

describe("webhooks from the simulator", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;
  let receiver: WebhookReceiver;

  async function drain(seed = 1): Promise<number> {
    let processed = 0;
    let x = seed;
    for (;;) {
      const jobs = ctx.queue.take("ingest.webhook");
      if (jobs.length === 0) return processed;
      // Process in a shuffled order: delivery order is not event order.
      for (let i = jobs.length - 1; i > 0; i--) {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        const j = x % (i + 1);
        [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
      }
      for (const job of jobs) await processWebhook(job.payload, ctx);
      processed += jobs.length;
    }
  }

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
    sim = await startSimulator({ customers: 80, seed: 5 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
    ctx = ingestContext(database, simulatorAdmin(sim));
    const runId = await backfillRunFor(ctx, sim.shop);
    while ((await runBackfill(ctx, sim.shop, runId)) !== "done") await new Promise((r) => setTimeout(r, 10));
    // The backfill's whole-shop rebuilds are not what these tests look at.
    ctx.queue.jobs.length = 0;
    receiver = await startWebhookReceiver(ctx, SECRET);
    sim.webhooks.configure({
      secret: SECRET,
      subscriptions: TOPICS.map((topic) => ({ topic, url: receiver.url })),
      retryDelaysMs: [10, 20, 40],
      duplicateProbability: 0.3,
      outOfOrderMaxMs: 30,
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await sim?.stop();
    await database?.drop();
  });

  it("applies orders, refunds, returns and customer changes, duplicates and shuffling included", async () => {
    expect(await mismatches()).toEqual([]);
    const customerId = 7_000_000_000_003;
    // Shopify stamps updated_at in seconds: events on one order are apart in time.
    const later = () => sim.clock.advance({ ms: 60_000 });
    const placed = sim.activity.placeOrder({ customerId });
    later();
    const second = sim.activity.placeOrder({ customerId });
    later();
    sim.activity.refund({ orderId: placed.id, amount: "5.00", note: "scratched" });
    later();
    const ret = sim.activity.createReturn({
      orderId: second.id,
      lines: [
        { lineItemId: second.lineItems[0].id, quantity: 1, reasonHandle: "size-too-small", customerNote: "too tight" },
      ],
    });
    later();
    sim.activity.approveReturn(ret.id);
    later();
    sim.activity.closeReturn(ret.id, { refund: true });
    later();
    sim.activity.cancelOrder(placed.id);
    later();
    sim.activity.updateCustomer(customerId, { firstName: "Renamed" });
    sim.clock.advance({ days: 3 });
    await sim.webhooks.idle();
    const deliveries = sim.webhooks.deliveries.length;
    expect(deliveries).toBeGreaterThan(8);
    await drain();
    expect(await mismatches()).toEqual([]);
    const stored = await database.prisma.returnLineItem.findMany({
      where: { shop: sim.shop, returnId: BigInt(ret.id) },
    });
    expect(stored.map((r) => [r.reasonHandle, r.customerNote])).toEqual([["size-too-small", "too tight"]]);
    const customer = await database.prisma.customer.findUniqueOrThrow({
      where: { shop_id: { shop: sim.shop, id: BigInt(customerId) } },
    });
    expect(customer.firstName).toBe("Renamed");
    // The follow-ups ran in the webhook jobs (decision 0212): the profile is current, nothing waits in the queue.
    expect(ctx.queue.jobs.filter((j) => FOLLOW_UPS.has(j.task))).toEqual([]);
    const profile = await database.prisma.customerProfile.findUniqueOrThrow({
      where: { shop_customerId: { shop: sim.shop, customerId: BigInt(customerId) } },
    });
    const truth = sim.truth.customer(String(customerId), sim.clock.now())!;
    expect(profile.orderCount).toBe(truth.orderCount);
    expect(Number(profile.netSpend).toFixed(2)).toBe(Number(truth.netSpend).toFixed(2));
    const statuses = await database.pool.query<{ status: string; n: string }>(
      `SELECT status, count(*)::text AS n FROM "WebhookDelivery" GROUP BY status`,
    );
    expect(statuses.rows.filter((r) => r.status !== "processed")).toEqual([]);
    // Bodies wait on the delivery row only until processed.
    const kept = await database.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "WebhookDelivery" WHERE payload IS NOT NULL`,
    );
    expect(kept.rows[0].n).toBe("0");
  });

  it("records a delivery once: the same webhook id again is a no-op", async () => {
    const input = { topic: "ORDERS_UPDATED", shop: sim.shop, webhookId: "dup-1", payload: { id: 1, name: "#1" } };
    await receiveWebhook(ctx, input);
    await receiveWebhook(ctx, input);
    expect(ctx.queue.take("ingest.webhook")).toHaveLength(1);
    expect(await database.prisma.webhookDelivery.count({ where: { webhookId: "dup-1" } })).toBe(1);
  });

  it("never lets an older order event overwrite a newer one", async () => {
    const order = {
      admin_graphql_api_id: "gid://shopify/Order/999000111",
      name: "#X1",
      created_at: "2026-11-01T10:00:00Z",
      processed_at: "2026-11-01T10:00:00Z",
      currency: "USD",
      customer: { admin_graphql_api_id: "gid://shopify/Customer/7000000000001" },
      refunds: [],
    };
    const line = (qty: number) => ({
      admin_graphql_api_id: "gid://shopify/LineItem/999000112",
      title: "Tee",
      quantity: qty,
      price: "10.00",
      product_id: 1,
      variant_id: 2,
    });
    const newer = {
      ...order,
      updated_at: "2026-11-02T10:00:00Z",
      total_price: "20.00",
      subtotal_price: "20.00",
      line_items: [line(2)],
    };
    const older = {
      ...order,
      updated_at: "2026-11-01T12:00:00Z",
      total_price: "10.00",
      subtotal_price: "10.00",
      line_items: [line(1)],
    };
    await receiveWebhook(ctx, { topic: "orders/updated", shop: sim.shop, webhookId: "w-new", payload: newer });
    await receiveWebhook(ctx, { topic: "orders/updated", shop: sim.shop, webhookId: "w-old", payload: older });
    await drain();
    const stored = await database.prisma.order.findUniqueOrThrow({
      where: { shop_id: { shop: sim.shop, id: 999000111n } },
    });
    expect(stored.totalPrice.toString()).toBe("20");
    const li = await database.prisma.lineItem.findUniqueOrThrow({
      where: { shop_id: { shop: sim.shop, id: 999000112n } },
    });
    expect(li.quantity).toBe(2);
    expect(ctx.queue.jobs.filter((j) => FOLLOW_UPS.has(j.task))).toEqual([]);
  });
});
