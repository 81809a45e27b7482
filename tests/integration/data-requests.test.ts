// customers/data_request: the report covers every per-customer table, a replay does not add a row,
// the report is deleted after its retention, and only its own shop can download it (issue #14).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATA_REQUEST_RETENTION_DAYS,
  expireDataRequests,
  privacyTasks,
  EXPIRE_DATA_REQUESTS_TASK,
} from "~/ingest/data-requests.server";
import { processWebhook } from "~/ingest/webhooks.server";
import { CRONTAB } from "~/jobs/registry.server";
import { dataRequestDownload, listDataRequests } from "~/web/screens/data-requests.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext } from "~tests/support/ingest";

const A = "a.myshopify.com";
const B = "b.myshopify.com";
const CUSTOMER = 7001n;
const at = new Date("2026-11-01T10:00:00Z");

/** One row of the customer in every table that holds per-customer data. */
async function seedEverywhere(database: TestDatabase): Promise<void> {
  const p = database.prisma;
  const shop = A;
  const customerId = CUSTOMER;
  await p.customer.create({
    data: { shop, id: customerId, email: "ada@example.com", firstName: "Ada", createdAt: at, updatedAt: at },
  });
  await p.customer.create({
    data: { shop: B, id: customerId, email: "other-shop@example.com", createdAt: at, updatedAt: at },
  });
  await p.order.create({
    data: {
      shop,
      id: 1n,
      name: "#1",
      customerId,
      processedAt: at,
      createdAt: at,
      updatedAt: at,
      currencyCode: "USD",
      subtotalPrice: 10,
      totalPrice: 10,
    },
  });
  await p.lineItem.create({
    data: {
      shop,
      id: 11n,
      orderId: 1n,
      customerId,
      processedAt: at,
      productId: 5n,
      title: "Mug",
      quantity: 1,
      currentQuantity: 1,
      unitPrice: 10,
      discountedTotal: 10,
    },
  });
  await p.refund.create({ data: { shop, id: 21n, orderId: 1n, createdAt: at, amount: 2, note: "chipped" } });
  await p.return.create({
    data: { shop, id: 31n, orderId: 1n, customerId, name: "#1-R1", status: "OPEN", createdAt: at },
  });
  await p.returnLineItem.create({
    data: {
      shop,
      id: 41n,
      returnId: 31n,
      orderId: 1n,
      customerId,
      lineItemId: 11n,
      quantity: 1,
      customerNote: "too small",
      createdAt: at,
    },
  });
  await p.customerProfile.create({ data: { shop, customerId, orderCount: 1 } });
  await p.customerMilestone.create({ data: { shop, customerId, kind: "order_count", threshold: 1, reachedAt: at } });
  await p.intelligenceDirty.create({ data: { shop, customerId } });
  await p.segmentPurchaseStat.create({
    data: { shop, customerId, productId: 5n, orderCount: 1, lastOrderAt: at, orderDates: [at] },
  });
  const message = await p.message.create({
    data: { shop, campaignId: "c1", customerId, triggerKey: "t1", status: "sent", subject: "Hi Ada", scheduledFor: at },
  });
  await p.messageClick.create({ data: { messageId: message.id, shop, campaignId: "c1", customerId } });
  await p.machineClick.create({
    data: { messageId: message.id, reason: "head", shop, campaignId: "c1", customerId, firstAt: at, lastAt: at },
  });
  await p.unsubscribe.create({ data: { shop, customerId, messageId: message.id, campaignId: "c1", source: "link" } });
  await p.conversion.create({
    data: { orderId: 1n, shop, messageId: message.id, campaignId: "c1", customerId, revenue: 8, orderAt: at },
  });
}

describe("customer data requests", () => {
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;
  const request = (id: string, requestId: number) =>
    processWebhook(
      {
        shop: A,
        topic: "customers/data_request",
        webhookId: id,
        triggeredAt: at.toISOString(),
        payload: { shop_domain: A, customer: { id: Number(CUSTOMER) }, data_request: { id: requestId } },
      },
      ctx,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.shop.createMany({ data: [{ domain: A }, { domain: B }] });
    ctx = ingestContext(database, { endpoint: "http://127.0.0.1:9" });
    ctx.now = () => at;
    await seedEverywhere(database);
  });
  afterAll(() => database?.drop());

  it("reports a row from every table that holds per-customer data", async () => {
    await request("w1", 555);
    const row = await database.prisma.dataRequest.findFirstOrThrow({ where: { shop: A } });
    const report = row.report as { customerId: string; tables: Record<string, Record<string, unknown>[]> };
    // Derived from the catalog: a table added with a customerId column fails here until seeded above.
    const keyed = await database.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'customerId' AND table_name <> 'DataRequest'`,
    );
    const expected = new Set(["Customer", "Refund", ...keyed.rows.map((r) => r.table_name)]);
    expect(new Set(Object.keys(report.tables))).toEqual(expected);
    for (const table of expected) expect({ table, rows: report.tables[table].length }).toEqual({ table, rows: 1 });
    expect(report.tables.Customer[0].email).toBe("ada@example.com");
    expect(report.customerId).toBe(CUSTOMER.toString());
    expect(row.expiresAt.getTime() - at.getTime()).toBe(DATA_REQUEST_RETENTION_DAYS * 86_400_000);
  });

  it("keeps one row for a replayed request, with the report refreshed", async () => {
    await database.prisma.message.create({
      data: { shop: A, campaignId: "c2", customerId: CUSTOMER, triggerKey: "t2", status: "sent", scheduledFor: at },
    });
    await request("w2", 555);
    await request("w2-again", 555);
    const rows = await database.prisma.dataRequest.findMany({ where: { shop: A } });
    expect(rows).toHaveLength(1);
    expect((rows[0].report as { tables: { Message: unknown[] } }).tables.Message).toHaveLength(2);
    expect(rows[0].createdAt).toEqual(at);
  });

  it("lists and downloads the report for its shop only", async () => {
    const [listed] = await listDataRequests(ctx, A);
    expect(listed).toMatchObject({ customer: "Ada · ada@example.com", requestId: "555", status: "ready" });
    expect(await listDataRequests(ctx, B)).toEqual([]);

    const other = await dataRequestDownload(ctx, B, listed.id);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain("ada@example.com");

    const own = await dataRequestDownload(ctx, A, listed.id);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Disposition")).toContain("attachment");
    const body = JSON.parse(await own.text()) as { tables: { Customer: { email: string }[] } };
    expect(body.tables.Customer[0].email).toBe("ada@example.com");
    expect((await listDataRequests(ctx, A))[0].status).toBe("downloaded");
  });

  it("deletes the report once its retention has passed, by the scheduled task", async () => {
    expect(CRONTAB).toContain(`"task":"${EXPIRE_DATA_REQUESTS_TASK}"`);
    const day = 86_400_000;
    expect(await expireDataRequests(database, new Date(at.getTime() + (DATA_REQUEST_RETENTION_DAYS - 1) * day))).toBe(
      0,
    );
    const later = { ...ctx, now: () => new Date(at.getTime() + DATA_REQUEST_RETENTION_DAYS * day) };
    expect(
      (await dataRequestDownload(later, A, (await database.prisma.dataRequest.findFirstOrThrow()).id)).status,
    ).toBe(404);
    await privacyTasks[EXPIRE_DATA_REQUESTS_TASK]({}, later);
    expect(await database.prisma.dataRequest.count()).toBe(0);
  });
});
