// Refund webhooks applied at the same time as other writes of their order (docs/decisions/0214).
// The order writer takes the Order row, then writes the order's refunds; the refund handler takes
// the Order row before its Refund row too, so the two cannot wait on each other, and two refunds
// of one order are applied one after the other, each summing the other's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor } from "~/ingest/webhook-handlers.server";
import type { RestOrder, RestRefund } from "~/ingest/rules/rest-types";
import type { WebhookJob } from "~/ingest/webhooks.server";
import { memoryLogger } from "~/logger.server";
import type { AppContext } from "~/runtime/app-context.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { recordingQueue } from "~tests/support/ingest";
import { holdLock, lockWaiters } from "~tests/support/locks";
import { seedStore } from "~tests/support/segment-store";

const SHOP = "refund-race.myshopify.com";
const CUSTOMER = 7_000_000_000_001;
const ORDER = 5_100_000_001;
const OTHER_ORDER = 5_100_000_002;
const lineOf = (orderId: number) => orderId + 100_000_000;

const refundOf = (orderId: number, id: number, amount: string): RestRefund => ({
  id,
  admin_graphql_api_id: `gid://shopify/Refund/${id}`,
  order_id: orderId,
  created_at: "2026-11-20T12:00:00Z",
  note: null,
  transactions: [{ kind: "refund", status: "success", amount }],
  refund_line_items: [],
});

const order = (id: number, updatedAt: string, refunds: RestRefund[]): RestOrder => ({
  id,
  admin_graphql_api_id: `gid://shopify/Order/${id}`,
  name: `#${id}`,
  created_at: "2026-11-20T10:00:00Z",
  processed_at: "2026-11-20T10:00:00Z",
  updated_at: updatedAt,
  currency: "USD",
  financial_status: refunds.length > 0 ? "partially_refunded" : "paid",
  subtotal_price: "40.00",
  total_price: "40.00",
  customer: { id: CUSTOMER, admin_graphql_api_id: `gid://shopify/Customer/${CUSTOMER}` },
  line_items: [
    {
      id: lineOf(id),
      title: "Tee",
      quantity: 2,
      current_quantity: 2,
      price: "20.00",
      product_id: 101,
      variant_id: 201,
    },
  ],
  refunds,
});

const outcomes = (results: PromiseSettledResult<void>[]) =>
  results.map((r) => (r.status === "rejected" ? String(r.reason) : r.status));

describe("refunds applied at the same time as other writes of their order", () => {
  let database: TestDatabase;
  let ctx: AppContext;

  const apply = (topic: string, payload: RestOrder | RestRefund) => {
    const job: WebhookJob = { shop: SHOP, topic, webhookId: `${topic}-${payload.id}`, triggeredAt: null, payload };
    return handlerFor(topic)!(ctx, job);
  };

  /** Starts each write once the ones before it wait on `lock` (held meanwhile), then lets them all go. */
  async function atOnce(
    lock: string,
    values: unknown[],
    writes: (() => Promise<void>)[],
  ): Promise<PromiseSettledResult<void>[]> {
    const held = await holdLock(database.pool, lock, values);
    const started: Promise<void>[] = [];
    try {
      for (const write of writes) {
        started.push(write());
        await lockWaiters(database.pool, started.length);
      }
    } finally {
      await held.release();
    }
    return Promise.allSettled(started);
  }

  const stored = async (orderId: number) =>
    (
      await database.pool.query<{ totalRefunded: string; refunds: number }>(
        `SELECT o."totalRefunded"::numeric(18, 2)::text AS "totalRefunded",
                (SELECT count(*)::int FROM "Refund" r WHERE r.shop = o.shop AND r."orderId" = o.id) AS refunds
           FROM "Order" o WHERE o.shop = $1 AND o.id = $2`,
        [SHOP, String(orderId)],
      )
    ).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = {
      db: database,
      queue: recordingQueue(),
      log: memoryLogger(),
      now: () => new Date("2026-11-20T12:00:00Z"),
      admin: () => Promise.reject(new Error("no Admin API in this test")),
    };
    await database.prisma.shop.create({ data: { domain: SHOP } });
    await seedStore(database.pool, SHOP, { customers: [{ id: CUSTOMER }] });
    await apply("orders/create", order(ORDER, "2026-11-20T10:00:00Z", []));
    await apply("orders/create", order(OTHER_ORDER, "2026-11-20T10:00:00Z", []));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("a refund and the order's orders/updated both apply (the refund used to write its Refund row, then wait for the Order row the order writer held: a deadlock)", async () => {
    const refund = refundOf(ORDER, 5_300_000_001, "5.00");
    // Holds the order writer between its Order row and the order's refunds (its line items come between).
    const results = await atOnce(
      `SELECT 1 FROM "LineItem" WHERE shop = $1 AND id = $2 FOR UPDATE`,
      [SHOP, String(lineOf(ORDER))],
      [
        () => apply("orders/updated", order(ORDER, "2026-11-20T12:00:01Z", [refund])),
        () => apply("refunds/create", refund),
      ],
    );
    expect(outcomes(results)).toEqual(["fulfilled", "fulfilled"]);
    expect(await stored(ORDER)).toEqual([{ totalRefunded: "5.00", refunds: 1 }]);
  });

  it("two refunds of one order both count (the second used to sum the refunds as they were before the first committed: a lost refund in totalRefunded)", async () => {
    // Holds both refunds before the Order row: each has written its Refund row or waits to take the order.
    const results = await atOnce(
      `SELECT 1 FROM "Order" WHERE shop = $1 AND id = $2 FOR UPDATE`,
      [SHOP, String(OTHER_ORDER)],
      [
        () => apply("refunds/create", refundOf(OTHER_ORDER, 5_300_000_002, "5.00")),
        () => apply("refunds/create", refundOf(OTHER_ORDER, 5_300_000_003, "3.00")),
      ],
    );
    expect(outcomes(results)).toEqual(["fulfilled", "fulfilled"]);
    expect(await stored(OTHER_ORDER)).toEqual([{ totalRefunded: "8.00", refunds: 2 }]);
  });
});
