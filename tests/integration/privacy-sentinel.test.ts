// One sentinel customer written through every writer (bulk ingest, webhooks, intelligence, segments,
// messages, clicks, attribution, data requests, the job queue); after customers/redact, and after
// shop/redact, no schema of the database (public and graphile_worker) holds the sentinel strings.
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMetricsConfig } from "~/profile/rules/config";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { processWebhook } from "~/ingest/webhooks.server";
import { defaultRecomputeOptions, recomputeShop } from "~/profile/recompute.server";
import { createQueue, type PgQueue } from "~/jobs/queue.server";
import type { TaskPayload } from "~/jobs/tasks";
import { attributeShop } from "~/attribution/attribution.server";
import { signClickToken } from "~/delivery/click-token.server";
import { handleClick } from "~/delivery/clicks.server";
import { unsubscribe } from "~/delivery/unsubscribe.server";
import { signUnsubscribeToken } from "~/delivery/unsubscribe-token.server";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop, recordingQueue } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";
import { insertCampaigns } from "~tests/support/results-rows";
import { startWebhookReceiver, type WebhookReceiver } from "~tests/support/webhook-receiver";

const SECRET = "test-secret";
const TOPICS = [
  "orders/create",
  "orders/paid",
  "orders/updated",
  "refunds/create",
  "returns/request",
  "customers/create",
  "customers/update",
  "customer.tags_added",
];
const SENTINEL = {
  first: "Zebulonsentinel",
  last: "Quaxsentinel",
  email: "zeb.quax@sentinel-mail.example",
  phone: "+15550100777",
  city: "Sentinelville",
  tag: "sentinel-vip-tag",
};
const NEEDLES = [SENTINEL.first, SENTINEL.last, SENTINEL.email, SENTINEL.phone, SENTINEL.city, SENTINEL.tag];
/** Customer-keyed tables no writer fills for this scenario, and why. */
const NOT_WRITTEN: Record<string, string> = {
  IntelligenceDirty: "filled by triggers only when an order or line item leaves the customer; holds the id alone",
};

/** Every text-like column of every base table in every schema, searched for each needle. */
async function findAnywhere(database: TestDatabase, needles: string[]): Promise<string[]> {
  const columns = await database.pool.query<{ schema: string; table: string; column: string }>(
    `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY') AND c.table_name <> '_prisma_migrations'`,
  );
  const hits: string[] = [];
  for (const { schema, table, column } of columns.rows) {
    const found = await database.pool.query<{ needle: string }>(
      `SELECT n AS needle FROM unnest($1::text[]) n WHERE EXISTS (SELECT 1 FROM "${schema}"."${table}" x WHERE strpos(lower(x."${column}"::text), lower(n)) > 0)`,
      [needles],
    );
    for (const { needle } of found.rows) hits.push(`${schema}.${table}.${column} holds ${needle}`);
  }
  return hits.sort();
}

describe("redaction finds the sentinel nowhere", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let pgQueue: PgQueue;
  let utils: WorkerUtils;
  let receiver: WebhookReceiver;
  let ctx: ReturnType<typeof ingestContext>;
  let customerId: bigint;
  let firstOrder: bigint;

  /** Runs the webhook jobs the real queue also holds, until none is left. */
  async function drain(): Promise<void> {
    await sim.webhooks.idle();
    for (let jobs = ctx.queue.take("ingest.webhook"); jobs.length > 0; jobs = ctx.queue.take("ingest.webhook")) {
      for (const job of jobs) await processWebhook(job.payload, ctx);
    }
  }
  /** A job naming the customer, permanently failed by the queue with an error that quotes them. */
  async function failedJob(
    key: string,
    error: string,
    payload: TaskPayload<"intelligence.refreshCustomer">,
  ): Promise<void> {
    await pgQueue.enqueue("intelligence.refreshCustomer", payload, { jobKey: key });
    const row = await database.pool.query<{ id: string }>(`SELECT id::text FROM graphile_worker.jobs WHERE key = $1`, [
      key,
    ]);
    await utils.permanentlyFailJobs([row.rows[0].id], error);
  }

  beforeAll(async () => {
    sim = await startSimulator({ customers: 12, seed: 11 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
    pgQueue = await createQueue(database.pool);
    utils = await makeWorkerUtils({ pgPool: database.pool });
    // Every job goes to the real queue (graphile_worker) and is also recorded, to be run here.
    const recorded = recordingQueue();
    const queue = {
      ...recorded,
      enqueue: async (...args: Parameters<typeof recorded.enqueue>) => {
        await pgQueue.enqueue(...args);
        await recorded.enqueue(...args);
      },
    };
    ctx = ingestContext(database, simulatorAdmin(sim), queue);
    receiver = await startWebhookReceiver(ctx, SECRET);
    sim.webhooks.configure({
      secret: SECRET,
      subscriptions: TOPICS.map((topic) => ({ topic, url: receiver.url })),
      retryDelaysMs: [10, 20, 40],
    });

    const created = sim.activity.createCustomer({
      firstName: SENTINEL.first,
      lastName: SENTINEL.last,
      email: SENTINEL.email,
      emailState: "SUBSCRIBED",
    });
    sim.store.saveCustomer({
      ...structuredClone(sim.store.customer(created.id)!),
      phone: SENTINEL.phone,
      city: SENTINEL.city,
    });
    customerId = BigInt(created.id);
    firstOrder = BigInt(sim.activity.placeOrder({ customerId: created.id }).id);
    // Bulk ingest (the backfill) first, then webhooks.
    const runId = await backfillRunFor(ctx, sim.shop);
    while ((await runBackfill(ctx, sim.shop, runId)) !== "done") await new Promise((r) => setTimeout(r, 10));
    await drain();
    sim.clock.advance({ ms: 60_000 });
    sim.activity.updateCustomer(created.id, { tags: [SENTINEL.tag] });
    sim.clock.advance({ ms: 60_000 });
    sim.activity.refund({ orderId: Number(firstOrder), amount: "1.00", note: `refund for ${SENTINEL.first}` });
    await drain();
    // A sent message naming the customer, clicked, then an order it converts.
    await insertCampaigns(database, sim.shop, [{ id: "S1", attributionDays: 30 }]);
    const message = await database.prisma.message.create({
      data: {
        shop: sim.shop,
        campaignId: "S1",
        customerId,
        triggerKey: "t1",
        status: "sent",
        subject: `Thanks ${SENTINEL.first}`,
        body: `Dear ${SENTINEL.first} ${SENTINEL.last} <${SENTINEL.email}>`,
        scheduledFor: sim.clock.now(),
        sentAt: sim.clock.now(),
      },
    });
    // A mail gateway scans the link first: a machine click, recorded apart (decision 0176).
    expect(
      await handleClick(
        { db: database, now: () => sim.clock.now(), log: ctx.log, appSecret: SECRET },
        {
          token: signClickToken(SECRET, message.id, "https://shop.example/p"),
          shop: sim.shop,
          method: "HEAD",
          userAgent: "Barracuda Sentinel (EE)",
        },
      ),
    ).toMatchObject({ counted: false, machine: "head_request" });
    expect(
      await handleClick(
        // The customer clicks a minute after the send (sooner reads as a link scanner, decision 0176).
        { db: database, now: () => new Date(sim.clock.now().getTime() + 60_000), log: ctx.log, appSecret: SECRET },
        {
          token: signClickToken(SECRET, message.id, "https://shop.example/p"),
          shop: sim.shop,
          method: "GET",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        },
      ),
    ).toMatchObject({ counted: true });
    // …and unsubscribed through the email's link (an Unsubscribe row keyed by the customer).
    expect(
      await unsubscribe(
        { ...ctx, now: () => sim.clock.now(), appSecret: SECRET },
        { token: signUnsubscribeToken(SECRET, message.id), shop: sim.shop, source: "link" },
      ),
    ).toMatchObject({ ok: true, recorded: true });
    sim.clock.advance({ ms: 3_600_000 });
    const second = sim.activity.placeOrder({ customerId: created.id });
    await drain();
    sim.clock.advance({ ms: 60_000 });
    sim.activity.createReturn({
      orderId: second.id,
      lines: [
        {
          lineItemId: second.lineItems[0].id,
          quantity: 1,
          reasonHandle: "defective",
          customerNote: `${SENTINEL.first} says it broke`,
        },
      ],
    });
    await drain();
    await attributeShop(database, sim.shop);
    const config = {
      ...defaultMetricsConfig,
      milestones: { lifetimeSpend: ["1"], orderCount: [1], anniversaryYears: [1] },
    };
    await recomputeShop({ db: database, now: () => sim.clock.now(), log: ctx.log }, sim.shop, {
      ...defaultRecomputeOptions,
      config,
    });
    await refreshPurchaseStats(database, sim.shop);
    await processWebhook(
      {
        shop: sim.shop,
        topic: "customers/data_request",
        webhookId: "dr1",
        triggeredAt: null,
        payload: { shop_domain: sim.shop, customer: { id: Number(customerId) }, data_request: { id: 77 } },
      },
      ctx,
    );
    // The queue: a webhook job queued before 0080 (body inline) and a failed job quoting the customer.
    await pgQueue.enqueue("ingest.webhook", {
      shop: sim.shop,
      topic: "customers/update",
      webhookId: "legacy-1",
      triggeredAt: null,
      payload: { id: Number(customerId), email: SENTINEL.email, phone: SENTINEL.phone },
    });
    await failedJob("refresh-failed", `could not refresh ${SENTINEL.first} ${SENTINEL.last} <${SENTINEL.email}>`, {
      shop: sim.shop,
      customerId: customerId.toString(),
    });
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await utils?.release();
    await pgQueue?.release();
    await sim?.stop();
    await database?.drop();
  });

  it("populates every table that holds customer data, then erases the sentinel everywhere on customers/redact", async () => {
    const keyed = await database.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'customerId' ORDER BY 1`,
    );
    const empty: string[] = [];
    for (const { table_name: table } of keyed.rows) {
      if (NOT_WRITTEN[table]) continue;
      const n = await database.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${table}" WHERE shop = $1 AND "customerId" = $2`,
        [sim.shop, customerId.toString()],
      );
      if (n.rows[0].n === "0") empty.push(table);
    }
    expect(empty).toEqual([]);
    const before = await findAnywhere(database, NEEDLES);
    for (const where of [
      "public.Customer.email",
      "public.Customer.tags",
      "public.Refund.note",
      "public.ReturnLineItem.customerNote",
      "public.Message.body",
      "public.DataRequest.report",
      "graphile_worker._private_jobs.payload",
      "graphile_worker._private_jobs.last_error",
    ]) {
      expect(
        before.some((hit) => hit.startsWith(`${where} `)),
        `${where} was not written`,
      ).toBe(true);
    }

    await processWebhook(
      {
        shop: sim.shop,
        topic: "customers/redact",
        webhookId: "x1",
        triggeredAt: null,
        payload: {
          shop_domain: sim.shop,
          customer: { id: Number(customerId) },
          orders_to_redact: [Number(firstOrder)],
        },
      },
      ctx,
    );
    expect(await findAnywhere(database, NEEDLES)).toEqual([]);
    // Other customers' data and the queue's other work are untouched.
    expect(await database.prisma.customer.count({ where: { shop: sim.shop, email: { not: null } } })).toBeGreaterThan(
      5,
    );
    expect(
      Number(
        (
          await database.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE payload->>'shop' = $1`,
            [sim.shop],
          )
        ).rows[0].n,
      ),
    ).toBeGreaterThan(0);
  });

  it("erases the shop's jobs with everything else on shop/redact", async () => {
    const other = await database.prisma.customer.findFirstOrThrow({ where: { shop: sim.shop, email: { not: null } } });
    await pgQueue.enqueue("ingest.webhook", {
      shop: sim.shop,
      topic: "customers/update",
      webhookId: "legacy-2",
      triggeredAt: null,
      payload: { id: Number(other.id), email: other.email },
    });
    await failedJob("other-failed", `could not refresh ${other.email}`, {
      shop: sim.shop,
      customerId: other.id.toString(),
    });
    await pgQueue.enqueue("ingest.reconcile", { shop: "another.myshopify.com" }, { jobKey: "another" });
    expect((await findAnywhere(database, [other.email!])).some((hit) => hit.startsWith("graphile_worker."))).toBe(true);

    await processWebhook(
      { shop: sim.shop, topic: "shop/redact", webhookId: "sr1", triggeredAt: null, payload: { shop_domain: sim.shop } },
      ctx,
    );
    expect(await findAnywhere(database, [other.email!, sim.shop])).toEqual([]);
    expect(
      (await database.pool.query(`SELECT 1 FROM graphile_worker._private_jobs WHERE key = 'another'`)).rowCount,
    ).toBe(1);
  });
});
