// customers/data_request, customers/redact, app/uninstalled and shop/redact on a backfilled
// store: after a redact no row in any table holds the customer's personal data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processWebhook } from "~/ingest/webhooks.server";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";

/** Every text-like column of every table, searched for each needle. */
async function findAnywhere(database: TestDatabase, needles: string[]): Promise<string[]> {
  const columns = await database.pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY') AND table_name <> '_prisma_migrations'`,
  );
  const hits: string[] = [];
  for (const { table_name, column_name } of columns.rows) {
    for (const needle of needles) {
      const found = await database.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE '%' || $1 || '%'`,
        [needle],
      );
      if (Number(found.rows[0].n) > 0) hits.push(`${table_name}.${column_name} holds ${needle}`);
    }
  }
  return hits;
}

describe("privacy duties", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;
  const job = (topic: string, payload: unknown, id: string) => ({
    shop: sim.shop,
    topic,
    webhookId: id,
    triggeredAt: new Date().toISOString(),
    payload,
  });

  beforeAll(async () => {
    sim = await startSimulator({ customers: 40, seed: 3 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
    ctx = ingestContext(database, simulatorAdmin(sim));
    const runId = await backfillRunFor(ctx, sim.shop);
    while ((await runBackfill(ctx, sim.shop, runId)) !== "done") await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(async () => {
    await sim?.stop();
    await database?.drop();
  });

  it("assembles a data request, then erases the customer everywhere on redact", async () => {
    const target = await database.prisma.customer.findFirstOrThrow({
      where: { shop: sim.shop, email: { not: null }, firstName: { not: null } },
      orderBy: { numberOfOrders: "desc" },
    });
    const order = await database.prisma.order.findFirstOrThrow({ where: { shop: sim.shop, customerId: target.id } });
    // A return note, tags and a rendered message that name the customer.
    const line = await database.prisma.lineItem.findFirstOrThrow({ where: { shop: sim.shop, orderId: order.id } });
    const ret = sim.activity.createReturn({
      orderId: order.id.toString(),
      lines: [
        {
          lineItemId: line.id.toString(),
          quantity: 1,
          reasonHandle: "defective",
          customerNote: `call ${target.firstName} back`,
        },
      ],
    });
    await processWebhook(
      job(
        "returns/request",
        { admin_graphql_api_id: `gid://shopify/Return/${ret.id}`, order: { id: Number(order.id) } },
        "r1",
      ),
      ctx,
    );
    await database.prisma.customer.update({
      where: { shop_id: { shop: sim.shop, id: target.id } },
      data: { tags: [`vip-${target.lastName}`] },
    });
    await database.prisma.message.create({
      data: {
        shop: sim.shop,
        campaignId: "c1",
        customerId: target.id,
        triggerKey: "t1",
        status: "sent",
        subject: `Thanks ${target.firstName}`,
        body: `Dear ${target.firstName} ${target.lastName} <${target.email}>`,
        scheduledFor: new Date(),
      },
    });
    // A delivery still waiting (or failed) whose body names the customer.
    await database.pool.query(
      `INSERT INTO "WebhookDelivery" ("webhookId", shop, topic, status, payload) VALUES ('pending-1', $1, 'orders/updated', 'failed', $2)`,
      [sim.shop, JSON.stringify({ id: 1, customer: { id: Number(target.id), email: `pending ${target.email}` } })],
    );
    const needles = [
      `pending ${target.email}`,
      target.email!,
      `${target.firstName} back`,
      `vip-${target.lastName}`,
      `Dear ${target.firstName}`,
    ];
    if (target.phone) needles.push(target.phone);
    expect((await findAnywhere(database, needles)).length).toBeGreaterThanOrEqual(needles.length);

    await processWebhook(
      job(
        "customers/data_request",
        {
          shop_domain: sim.shop,
          customer: { id: Number(target.id), email: target.email },
          orders_requested: [Number(order.id)],
          data_request: { id: 9999 },
        },
        "d1",
      ),
      ctx,
    );
    const request = await database.prisma.dataRequest.findFirstOrThrow({
      where: { shop: sim.shop, customerId: target.id },
    });
    const report = (request.report as { tables: Record<string, Record<string, unknown>[]> }).tables;
    expect(report.Customer[0].email).toBe(target.email);
    expect(report.Order.map((o) => String(o.id))).toContain(order.id.toString());
    expect(report.Message).toHaveLength(1);
    expect(report.ReturnLineItem.length).toBeGreaterThan(0);

    const ordersBefore = await database.prisma.order.count({ where: { shop: sim.shop } });
    await processWebhook(
      job(
        "customers/redact",
        {
          shop_domain: sim.shop,
          customer: { id: Number(target.id), email: target.email },
          orders_to_redact: [Number(order.id)],
        },
        "x1",
      ),
      ctx,
    );
    expect(await findAnywhere(database, needles)).toEqual([]);
    expect(await database.prisma.order.count({ where: { shop: sim.shop, customerId: target.id } })).toBe(0);
    // Store totals survive as anonymous orders.
    expect(await database.prisma.order.count({ where: { shop: sim.shop } })).toBe(ordersBefore);

    // A late, older customers/update cannot bring the data back.
    await processWebhook(
      job(
        "customers/update",
        {
          admin_graphql_api_id: `gid://shopify/Customer/${target.id}`,
          email: target.email,
          first_name: target.firstName,
          updated_at: new Date().toISOString(),
        },
        "u1",
      ),
      ctx,
    );
    expect(await findAnywhere(database, [target.email!])).toEqual([]);
    const others = await database.prisma.customer.count({ where: { shop: sim.shop, email: { not: null } } });
    expect(others).toBeGreaterThan(0);
  });

  it("stops work on uninstall and erases every row of the shop on shop/redact", async () => {
    await database.prisma.shop.create({ data: { domain: "other.myshopify.com" } });
    await database.prisma.customer.create({
      data: {
        shop: "other.myshopify.com",
        id: 1n,
        email: "keep@example.com",
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    });
    await processWebhook(job("app/uninstalled", { id: 1, myshopify_domain: sim.shop }, "un1"), ctx);
    expect(await database.prisma.session.count({ where: { shop: sim.shop } })).toBe(0);
    expect(
      (await database.prisma.shop.findUniqueOrThrow({ where: { domain: sim.shop } })).uninstalledAt,
    ).not.toBeNull();
    await processWebhook(
      job(
        "orders/create",
        {
          admin_graphql_api_id: "gid://shopify/Order/1",
          name: "#1",
          created_at: "2026-01-01T00:00:00Z",
          updated_at: "2026-01-01T00:00:00Z",
          line_items: [],
        },
        "late1",
      ),
      ctx,
    );
    expect(await database.prisma.webhookDelivery.count()).toBeGreaterThanOrEqual(0);
    expect(await database.prisma.order.count({ where: { shop: sim.shop, id: 1n } })).toBe(0);

    await processWebhook(job("shop/redact", { shop_id: 1, shop_domain: sim.shop }, "sr1"), ctx);
    const tables = await database.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'shop'`,
    );
    expect(tables.rows.length).toBeGreaterThan(15);
    for (const { table_name } of tables.rows) {
      const left = await database.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${table_name}" WHERE shop = $1`,
        [sim.shop],
      );
      expect({ table_name, n: left.rows[0].n }).toEqual({ table_name, n: "0" });
    }
    expect(await database.prisma.shop.count({ where: { domain: sim.shop } })).toBe(0);
    expect(await database.prisma.customer.count({ where: { shop: "other.myshopify.com" } })).toBe(1);
  });
});
