import http from "node:http";
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../index";
import { TOPICS as SERVED } from "../store/events";
import { WEBHOOK_VERSIONS } from "./dispatcher";
import { example, exampleVersions, jsonSchema, keyDifferences } from "./examples";
import { validateJson, type Schema } from "./json-schema";

interface Received {
  topic: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}
let received: Received[] = [];
let failNext = 0;
let receiver: http.Server;
let url = "";
let sim: Simulator;
const SECRET = "test-client-secret";
const TOPICS: string[] = [...SERVED];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.statusCode = 500;
        return res.end();
      }
      received.push({
        topic: String(req.headers["x-shopify-topic"]),
        headers: req.headers,
        raw,
        body: JSON.parse(raw) as Record<string, unknown>,
      });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
  sim = await startSimulator({ customers: 60, seed: 8, webhooks: { secret: SECRET, retryDelaysMs: [5, 5, 5] } });
  sim.webhooks.subscribe(url, TOPICS);
});
afterAll(async () => {
  await sim.stop();
  await new Promise((r) => receiver.close(r));
});
beforeEach(() => {
  received = [];
  failNext = 0;
  sim.webhooks.configure({ duplicateProbability: 0, outOfOrderMaxMs: 0 });
});

async function bulkQuery(): Promise<void> {
  const res = await fetch(sim.adminApiUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken },
    body: JSON.stringify({
      query: `mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }`,
    }),
  });
  expect(res.status).toBe(200);
  await sim.bulk.idle();
}

describe("webhook key comparison", () => {
  it("reports missing and extra keys at any depth, array elements included", () => {
    const template = { a: 1, b: { c: 1, d: [{ e: 1 }] } };
    expect(keyDifferences(template, { a: 2, b: { c: 2, d: [{ e: 2 }] } })).toEqual([]);
    expect(keyDifferences(template, { a: 2, x: 1, b: { d: [{ e: 2, f: 3 }] } })).toEqual([
      "x (extra)",
      "b.c (missing)",
      "b.d[0].f (extra)",
    ]);
  });

  it("refuses an API version whose payloads it does not shape", () => {
    expect(() => sim.webhooks.configure({ apiVersion: "2025-10" })).toThrow(/only in API version 2026-07/);
  });
});

describe("webhooks", () => {
  it("signs the raw body and sends Shopify's headers", async () => {
    const order = sim.activity.placeOrder({ customerId: 7_000_000_000_020 });
    await sim.webhooks.idle();
    const created = received.find((r) => r.topic === "orders/create")!;
    expect(created.headers["x-shopify-hmac-sha256"]).toBe(
      createHmac("sha256", SECRET).update(created.raw).digest("base64"),
    );
    expect(created.headers["x-shopify-shop-domain"]).toBe(sim.shop);
    expect(created.headers["x-shopify-api-version"]).toBe("2026-07");
    expect(created.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(String(created.headers["x-shopify-triggered-at"]))).toBe(sim.clock.now().getTime());
    expect(created.body).toMatchObject({ id: order.id, admin_graphql_api_id: `gid://shopify/Order/${order.id}` });
    expect(received.map((r) => r.topic)).toContain("orders/paid");
  });

  it("emits every store-activity topic with bodies that validate against Shopify's schemas", async () => {
    const o = sim.activity.placeOrder({ customerId: 7_000_000_000_021 });
    sim.activity.refund({ orderId: o.id, amount: "1.00" });
    const ret = sim.activity.createReturn({
      orderId: o.id,
      lines: [{ lineItemId: o.lineItems[0].id, reasonHandle: "size-too-small" }],
    });
    sim.activity.approveReturn(ret.id);
    sim.activity.closeReturn(ret.id);
    const other = sim.activity.placeOrder({ customerId: 7_000_000_000_029 });
    sim.activity.declineReturn(
      sim.activity.createReturn({
        orderId: other.id,
        lines: [{ lineItemId: other.lineItems[0].id, reasonHandle: "size-too-small" }],
      }).id,
    );
    sim.activity.cancelOrder(sim.activity.placeOrder({ customerId: 7_000_000_000_022 }).id);
    const two = sim.activity.placeOrder({
      customerId: 7_000_000_000_024,
      lines: sim.store.catalog.slice(0, 2).map((p) => ({ productId: p.id })),
    });
    sim.activity.editOrder({ orderId: two.id, removeLineItemIds: [two.lineItems[1].id] });
    sim.activity.createCustomer({
      firstName: "Ada",
      lastName: "Byron",
      email: "ada@example.com",
      emailState: "SUBSCRIBED",
    });
    sim.activity.updateCustomer(7_000_000_000_023, { firstName: "Renamed" });
    const tagged = sim.store.customer(7_000_000_000_027)!;
    sim.activity.updateCustomer(tagged.id, {
      emailState: tagged.emailState === "SUBSCRIBED" ? "UNSUBSCRIBED" : "SUBSCRIBED",
      smsState: tagged.smsState === "SUBSCRIBED" ? "UNSUBSCRIBED" : "SUBSCRIBED",
      tags: ["vip-new"],
    });
    if (tagged.tags.length === 0) sim.activity.updateCustomer(tagged.id, { tags: [] });
    sim.activity.deleteCustomer(7_000_000_000_028);
    await bulkQuery();
    sim.activity.updateProduct(sim.store.catalog[0].id, { relaunch: true });
    sim.webhooks.uninstallApp();
    sim.webhooks.compliance("customers/data_request", 7_000_000_000_021);
    sim.webhooks.compliance("customers/redact", 7_000_000_000_021);
    sim.webhooks.compliance("shop/redact");
    await sim.webhooks.idle();
    expect(new Set(received.map((r) => r.topic))).toEqual(new Set(TOPICS));
    for (const r of received)
      expect({ topic: r.topic, errors: validateJson(jsonSchema(r.topic) as Schema, r.body) }).toEqual({
        topic: r.topic,
        errors: [],
      });
    // Exactly Shopify's keys, at every depth: nothing Shopify would not send, nothing it would.
    for (const version of WEBHOOK_VERSIONS) {
      expect(exampleVersions()).toContain(version);
      for (const r of received)
        expect({ topic: r.topic, version, keys: keyDifferences(example(r.topic, version), r.body) }).toEqual({
          topic: r.topic,
          version,
          keys: [],
        });
    }
    const update = received.find((r) => r.topic === "customers/update")!.body;
    for (const gone of [
      "tags",
      "email_marketing_consent",
      "sms_marketing_consent",
      "orders_count",
      "total_spent",
      "last_order_id",
    ])
      expect(update).not.toHaveProperty(gone);
    const request = received.find((r) => r.topic === "returns/request")!.body as {
      return_line_items: { return_reason_definition: { handle: string } }[];
    };
    expect(request.return_line_items[0].return_reason_definition.handle).toBe("size-too-small");
    const redact = received.find((r) => r.topic === "customers/redact")!.body as {
      customer: { id: number };
      orders_to_redact: number[];
    };
    expect(redact.customer.id).toBe(7_000_000_000_021);
    expect(redact.orders_to_redact).toContain(o.id);
  });

  it("retries non-2xx deliveries with the same webhook id", async () => {
    failNext = 2;
    sim.activity.updateCustomer(7_000_000_000_024, { lastName: "Retry" });
    await sim.webhooks.idle();
    expect(received).toHaveLength(1);
    const delivery = sim.webhooks.deliveries.find((d) => d.webhookId === received[0].headers["x-shopify-webhook-id"])!;
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(delivery.state).toBe("delivered");
  });

  it("gives up after the configured retries", async () => {
    failNext = 10;
    sim.activity.updateCustomer(7_000_000_000_025, { lastName: "Gone" });
    await sim.webhooks.idle();
    const last = sim.webhooks.deliveries.at(-1)!;
    expect(last.attempts).toHaveLength(4);
    expect(last.state).toBe("failed");
  });

  it("can duplicate deliveries", async () => {
    sim.webhooks.configure({ duplicateProbability: 1 });
    sim.activity.updateCustomer(7_000_000_000_026, { lastName: "Twice" });
    await sim.webhooks.idle();
    expect(received).toHaveLength(2);
    expect(received[0].headers["x-shopify-webhook-id"]).toBe(received[1].headers["x-shopify-webhook-id"]);
  });

  it("reveals generated future activity as the clock advances", async () => {
    const before = sim.clock.now().getTime();
    const events = sim.clock.advance({ days: 30 });
    await sim.webhooks.idle();
    const creates = received.filter((r) => r.topic === "orders/create");
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.length).toBe(events.filter((e) => e.topic === "orders/create").length);
    for (const c of creates) {
      const at = Date.parse(String(c.body.processed_at));
      expect(at).toBeGreaterThan(before);
      expect(at).toBeLessThanOrEqual(sim.clock.now().getTime());
    }
    const triggered = creates.map((c) => Date.parse(String(c.headers["x-shopify-triggered-at"])));
    expect(triggered).toEqual([...triggered].sort((a, b) => a - b));
  });
});
