// POST /webhooks over real HTTP, through the production front (createNodeServer with the webhook
// fast path to the real acceptWebhook, as the production server wires it) on a real database: oversized bodies are cut
// off while they stream in, hostile headers get 400, a signed body relabelled as another shop's
// shop/redact erases nothing, a full intake backlog answers 503, and slow clients are dropped.
import crypto from "node:crypto";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { ActionFunction } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_BODY_LIMIT } from "~/runtime/body-limit";
import { appHttpTestbed, webhookFastPath, type AppHttpTestbed } from "~tests/support/app-http";
import type { TestDatabase } from "~tests/support/database";

const SECRET = "security-webhook-secret";
const ATTACKER = "attacker.myshopify.com";
const VICTIM = "victim.myshopify.com";

describe("POST /webhooks under attack", () => {
  let app: AppHttpTestbed;
  let database: TestDatabase;
  let server: http.Server;
  let base: string;
  let action: ActionFunction;
  const bytesRead: number[] = [];

  beforeAll(async () => {
    app = await appHttpTestbed({
      secret: SECRET,
      shop: ATTACKER,
      serve: async () => ({
        routes: [await webhookFastPath()],
        // Everything else: an echo of the body's size, as Remix would read it.
        other: (req, res) => {
          let n = 0;
          req.on("data", (c: Buffer) => (n += c.length)).on("end", () => res.end(String(n)));
        },
      }),
    });
    ({ database, server, url: base } = app);
    action = (await import("~/routes/webhooks")).action;
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) =>
      res.on("finish", () => bytesRead.push(req.socket.bytesRead)),
    );
    await database.prisma.shop.create({ data: { domain: VICTIM } });
    await database.prisma.customer.create({
      data: { shop: VICTIM, id: 7n, email: "keep@victim.example", createdAt: new Date(), updatedAt: new Date() },
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const post = (body: string, over: Record<string, string> = {}) =>
    app.postWebhook(over["x-shopify-topic"] ?? "orders/create", body, { headers: over });
  const recorded = async (webhookId: string) =>
    Number(
      (
        await database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "webhookId" = $1`, [
          webhookId,
        ])
      ).rows[0].n,
    );

  /** Streams `total` bytes with no Content-Length; resolves with the status once the server answers. */
  function chunked(path: string, total: number, extra: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${base}${path}`, {
        method: "POST",
        headers: { "transfer-encoding": "chunked", "x-shopify-hmac-sha256": "bad", ...extra },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
  }

  it("cuts off a 200 MB chunked body with a bad signature after about the limit", async () => {
    bytesRead.length = 0;
    expect(await chunked("/webhooks", 200 * 1024 * 1024)).toBe(413);
    await expect.poll(() => bytesRead.length).toBe(1);
    expect(bytesRead[0]).toBeGreaterThan(WEBHOOK_BODY_LIMIT);
    expect(bytesRead[0]).toBeLessThan(WEBHOOK_BODY_LIMIT + 1024 * 1024);
  });

  it("refuses a declared oversized body before reading it", async () => {
    const status = await new Promise<string>((resolve, reject) => {
      const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1", () => {
        socket.write(
          `POST /webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${200 * 1024 * 1024}\r\nX-Shopify-Hmac-Sha256: bad\r\n\r\n`,
        );
      });
      let answer = "";
      socket
        .on("data", (d: Buffer) => (answer += d.toString()))
        .on("close", () => resolve(answer.split("\r\n")[0]))
        .on("error", reject);
    });
    expect(status).toBe("HTTP/1.1 413 Payload Too Large");
  });

  it("limits the Remix action itself, for requests that reach it through Express", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 65_536;
        if (pulled > 200 * 1024 * 1024) return controller.close();
        controller.enqueue(new Uint8Array(65_536));
      },
    });
    const request = new Request(`${base}/webhooks`, {
      method: "POST",
      body,
      headers: { "x-shopify-hmac-sha256": "bad" },
      duplex: "half",
    } as RequestInit);
    const response = (await action({ request, params: {}, context: {} })) as Response;
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(WEBHOOK_BODY_LIMIT + 1024 * 1024);
  });

  it("gives other routes a body limit too: 413 over 1 MB, 411 for a chunked body", async () => {
    const big = await fetch(`${base}/app/settings`, { method: "POST", body: "x".repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(await chunked("/app/settings", 2 * 1024 * 1024)).toBe(411);
    const small = await fetch(`${base}/app/settings`, { method: "POST", body: "x".repeat(1000) });
    expect(await small.text()).toBe("1000");
  });

  it("answers 400 with a reason to hostile headers, and records nothing", async () => {
    const body = JSON.stringify({ id: 1 });
    const cases: [Record<string, string>, RegExp][] = [
      [{ "x-shopify-shop-domain": "../../x" }, /X-Shopify-Shop-Domain/],
      [{ "x-shopify-shop-domain": "" }, /X-Shopify-Shop-Domain/],
      [{ "x-shopify-shop-domain": "evil.example.com" }, /X-Shopify-Shop-Domain/],
      [{ "x-shopify-topic": "orders/create'; DROP TABLE x;--" }, /X-Shopify-Topic/],
      [{ "x-shopify-webhook-id": "a".repeat(5000) }, /X-Shopify-Webhook-Id/],
      [{ "x-shopify-api-version": "../../admin" }, /X-Shopify-API-Version/],
      [{ "x-shopify-triggered-at": "yesterday-ish" }, /X-Shopify-Triggered-At/],
    ];
    for (const [over, reason] of cases) {
      const id = over["x-shopify-webhook-id"] ?? crypto.randomUUID();
      const response = await post(body, { ...over, "x-shopify-webhook-id": id });
      expect({ over, status: response.status }).toEqual({ over, status: 400 });
      expect(await response.text()).toMatch(reason);
      expect(await recorded(id)).toBe(0);
    }
  });

  it("does not erase another shop with a signed orders/create body relabelled as its shop/redact", async () => {
    const { processWebhook } = await import("~/ingest/webhooks.server");
    const { appContext } = await import("~/runtime/app-context.server");
    const ctx = await appContext();
    const captured = JSON.stringify({ id: 820982911946154500, email: "jon@example.com", line_items: [] });
    for (const topic of ["shop/redact", "app/uninstalled", "customers/redact"]) {
      const id = crypto.randomUUID();
      const response = await post(captured, {
        "x-shopify-topic": topic,
        "x-shopify-shop-domain": VICTIM,
        "x-shopify-webhook-id": id,
      });
      expect({ topic, status: response.status }).toEqual({ topic, status: 400 });
      expect(await response.text()).toContain("not victim.myshopify.com");
      // Whatever was queued runs, as the worker would run it.
      const jobs = await database.pool.query<{ payload: unknown }>(
        `SELECT payload FROM graphile_worker._private_jobs WHERE payload->>'webhookId' = $1`,
        [id],
      );
      for (const job of jobs.rows) await processWebhook(job.payload, ctx);
    }
    expect(await database.prisma.customer.count({ where: { shop: VICTIM } })).toBe(1);
    expect((await database.prisma.shop.findUniqueOrThrow({ where: { domain: VICTIM } })).uninstalledAt).toBeNull();

    // The real thing still works; a stale one is acknowledged and dropped.
    const genuine = JSON.stringify({ shop_id: 1, shop_domain: VICTIM });
    const stale = crypto.randomUUID();
    const old = await post(genuine, {
      "x-shopify-topic": "shop/redact",
      "x-shopify-shop-domain": VICTIM,
      "x-shopify-webhook-id": stale,
      "x-shopify-triggered-at": new Date(Date.now() - 7 * 3_600_000).toISOString(),
    });
    expect(old.status).toBe(200);
    expect(await recorded(stale)).toBe(0);
    const fresh = crypto.randomUUID();
    expect(
      (
        await post(genuine, {
          "x-shopify-topic": "shop/redact",
          "x-shopify-shop-domain": VICTIM,
          "x-shopify-webhook-id": fresh,
        })
      ).status,
    ).toBe(200);
    expect(await recorded(fresh)).toBe(1);
  });

  it("answers 503 when the intake backlog is full, and takes the retry once it drains", async () => {
    // Hold the delivery table so nothing commits: deliveries pile up in the intake.
    const lock = await database.pool.connect();
    await lock.query(`BEGIN; LOCK TABLE "WebhookDelivery" IN SHARE MODE`);
    const body = JSON.stringify({ id: 2, note: "x".repeat(5_000_000) });
    const ids = Array.from({ length: 16 }, () => crypto.randomUUID());
    const pending = ids.map((id) =>
      post(body, { "x-shopify-webhook-id": id }).then(async (r) => ({ id, status: r.status, text: await r.text() })),
    );
    const early = await Promise.race([
      Promise.all(pending),
      new Promise<null>((r) => setTimeout(() => r(null), 3_000)),
    ]);
    expect(early).toBeNull();
    await lock.query("ROLLBACK");
    lock.release();
    const results = await Promise.all(pending);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0].text).toMatch(/retry/i);
    expect(results.filter((r) => r.status === 200).length).toBe(ids.length - busy.length);
    expect((await post(body, { "x-shopify-webhook-id": busy[0].id })).status).toBe(200);
    expect(await recorded(busy[0].id)).toBe(1);
  });

  it("drops a client that sends its headers too slowly (slowloris)", async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1", () =>
        socket.write("POST /webhooks HTTP/1.1\r\nHost: x\r\n"),
      );
      const drip = setInterval(() => socket.write("X-Slow: 1\r\n"), 1_000);
      let text = "";
      socket
        .on("data", (d: Buffer) => (text += d.toString()))
        .on("close", () => {
          clearInterval(drip);
          resolve(text.split("\r\n")[0]);
        })
        .on("error", reject);
    });
    expect(answer).toBe("HTTP/1.1 408 Request Timeout");
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
