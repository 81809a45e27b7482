// POST /webhooks through the production fast path (Node's server → webhookRoute → acceptWebhook,
// no Express, Remix or authenticate.webhook; decision 0218) over real HTTP on a real database: what
// the fast path must keep. A 200 only once the delivery row is committed, a repeated id recorded and
// queued once, a bad or stale signature 401, a signed body that is not a JSON object 400, and the
// body stored exactly as signed. (Body limits, header bounds and the 503 backlog: webhook-http.test.ts.)
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appHttpTestbed, signWebhook, webhookHmac, type AppHttpTestbed } from "~tests/support/app-http";
import type { TestDatabase } from "~tests/support/database";

const SECRET = "fast-path-webhook-secret";
const SHOP = "fast.myshopify.com";
const TRIGGERED_AT = "2026-12-05T10:00:00.000Z";

describe("POST /webhooks fast path", () => {
  let app: AppHttpTestbed;
  let database: TestDatabase;

  // Anything the fast path does not take answers 418 (the testbed's default), so a test cannot
  // pass through another path.
  beforeAll(async () => {
    app = await appHttpTestbed({ secret: SECRET, shop: SHOP });
    database = app.database;
  });
  afterAll(async () => {
    await app?.stop();
  });

  const post = (body: string, over: Record<string, string> = {}) =>
    app.postWebhook(over["x-shopify-topic"] ?? "orders/create", body, {
      headers: { "x-shopify-triggered-at": TRIGGERED_AT, ...over },
    });
  /** A delivery whose headers a test tampered with, the signature included. */
  const send = (body: string, headers: Record<string, string>) =>
    fetch(`${app.url}/webhooks`, { method: "POST", body, headers });
  const count = async (sql: string, id: string) =>
    Number((await database.pool.query<{ n: string }>(sql, [id])).rows[0].n);
  const recorded = (id: string) => count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "webhookId" = $1`, id);
  const queued = (id: string) =>
    count(`SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE payload->>'webhookId' = $1`, id);

  it("is what the production server takes from the build: the entry module's acceptWebhook", async () => {
    const { acceptFrom } = await import("~/runtime/http.server");
    const { acceptWebhook } = await import("~/ingest/webhook-accept.server");
    const entry = await import("~/entry.server");
    expect(acceptFrom({ entry: { module: entry } })).toBe(acceptWebhook);
  });

  it("answers 200 only once the delivery row is committed", async () => {
    const lock = await database.pool.connect();
    await lock.query(`BEGIN; LOCK TABLE "WebhookDelivery" IN SHARE MODE`);
    const id = crypto.randomUUID();
    let answered = false;
    const response = post(JSON.stringify({ id: 1 }), { "x-shopify-webhook-id": id }).then((r) => {
      answered = true;
      return r;
    });
    // Wait until the delivery's INSERT is blocked on the lock: the request is past every check.
    for (;;) {
      const waiting = await count(
        `SELECT count(*) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
        `INSERT INTO "WebhookDelivery"`,
      );
      if (waiting > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(answered).toBe(false);
    await lock.query("ROLLBACK");
    lock.release();
    expect((await response).status).toBe(200);
    expect(await recorded(id)).toBe(1);
    expect(await queued(id)).toBe(1);
  });

  it("records and queues a repeated delivery id once, every copy acknowledged", async () => {
    const id = crypto.randomUUID();
    const body = JSON.stringify({ id: 2 });
    const first = await Promise.all([1, 2, 3].map(() => post(body, { "x-shopify-webhook-id": id })));
    const later = await post(body, { "x-shopify-webhook-id": id });
    expect([...first, later].map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await recorded(id)).toBe(1);
    expect(await queued(id)).toBe(1);
  });

  it("answers 401 to a wrong signature or a body changed after signing, and records nothing", async () => {
    const body = JSON.stringify({ id: 3, total_price: "10.00" });
    const signed = (headers: Record<string, string>) =>
      signWebhook(SECRET, "orders/create", body, { shop: SHOP, headers });
    const wrong = crypto.randomUUID();
    const otherHmac = webhookHmac(SECRET, "other");
    expect(
      (await send(body, signed({ "x-shopify-webhook-id": wrong, "x-shopify-hmac-sha256": otherHmac }))).status,
    ).toBe(401);
    const altered = crypto.randomUUID();
    const tampered = body.replace("10.00", "0.01");
    const response = await send(tampered, signed({ "x-shopify-webhook-id": altered }));
    expect(response.status).toBe(401);
    const unsigned = crypto.randomUUID();
    expect((await send(body, signed({ "x-shopify-webhook-id": unsigned, "x-shopify-hmac-sha256": "" }))).status).toBe(
      400,
    );
    for (const id of [wrong, altered, unsigned]) expect(await recorded(id)).toBe(0);
  });

  it("answers 400 to a signed body that is not a JSON object, and records nothing", async () => {
    const cases: [string, string][] = [
      ["orders/create", "not json"],
      ["orders/create", "[1, 2]"],
      ["shop/redact", `{"shop_domain": "${SHOP}"`],
    ];
    for (const [topic, body] of cases) {
      const id = crypto.randomUUID();
      const response = await post(body, { "x-shopify-webhook-id": id, "x-shopify-topic": topic });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await response.text()).toMatch(/JSON/);
      expect(await recorded(id)).toBe(0);
    }
  });

  it("stores the body exactly as signed, and the job reads it from there", async () => {
    // Whitespace, an id past 2^53 and escapes: a parse and re-serialisation would change all three.
    const body = `{ "id": 12345678901234567891,\n  "note": "caf\\u00e9 \\"quoted\\"", "line_items": [] }`;
    const id = crypto.randomUUID();
    expect((await post(body, { "x-shopify-webhook-id": id, "x-shopify-topic": "orders/updated" })).status).toBe(200);
    const row = await database.pool.query<{ payload: string; eventId: string; triggeredAt: Date }>(
      `SELECT payload, "eventId", "triggeredAt" FROM "WebhookDelivery" WHERE "webhookId" = $1`,
      [id],
    );
    expect(row.rows[0].payload).toBe(body);
    expect(row.rows[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.rows[0].triggeredAt.toISOString()).toBe(TRIGGERED_AT);
    const job = await database.pool.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM graphile_worker._private_jobs WHERE payload->>'webhookId' = $1`,
      [id],
    );
    expect(job.rows[0].payload).not.toHaveProperty("payload");
  });

  it("has the job ignore a signed body shaped like an object that is not JSON", async () => {
    const { processWebhook } = await import("~/ingest/webhooks.server");
    const { appContext } = await import("~/runtime/app-context.server");
    const id = crypto.randomUUID();
    expect((await post("{ not json }", { "x-shopify-webhook-id": id })).status).toBe(200);
    const job = await database.pool.query<{ payload: unknown }>(
      `SELECT payload FROM graphile_worker._private_jobs WHERE payload->>'webhookId' = $1`,
      [id],
    );
    await processWebhook(job.rows[0].payload, await appContext());
    const row = await database.pool.query<{ status: string; error: string; payload: string | null }>(
      `SELECT status, error, payload FROM "WebhookDelivery" WHERE "webhookId" = $1`,
      [id],
    );
    expect(row.rows[0]).toEqual({ status: "ignored", error: "body is not JSON", payload: null });
  });
});
