// The Admin client against a scripted local HTTP server: retries what Shopify says may succeed
// later, stops on what will not.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger, type Logger } from "~/logger.server";
import { AdminApiError } from "~/shopify/admin";
import { createAdminClient } from "~/shopify/admin-client.server";

type Reply = { status: number; body: unknown; headers?: Record<string, string> } | "hang" | "drop";

let script: Reply[] = [];
const seen: { url: string; token: string | undefined; shop: string | undefined; body: string }[] = [];
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({
        url: req.url ?? "",
        token: req.headers["x-shopify-access-token"] as string | undefined,
        shop: req.headers["x-shopify-shop-domain"] as string | undefined,
        body,
      });
      const reply = script.shift() ?? { status: 200, body: { data: { ok: true } } };
      if (reply === "hang") return;
      if (reply === "drop") return req.socket.destroy();
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(sleeps: number[] = [], log?: Logger) {
  return createAdminClient({
    shop: "a.myshopify.com",
    log,
    accessToken: "tok",
    apiVersion: "2026-07",
    endpoint,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 1, timeoutMs: 300, maxAttempts: 4 },
  });
}

const throttled = {
  status: 200,
  body: {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
    extensions: {
      cost: {
        requestedQueryCost: 502,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2, restoreRate: 100 },
      },
    },
  },
};

describe("createAdminClient", () => {
  it("posts the document with the token to the versioned path and returns data", async () => {
    script = [{ status: 200, body: { data: { shop: { name: "A" } } } }];
    seen.length = 0;
    const data = await client().request<{ shop: { name: string } }>("query { shop { name } }", { x: 1 });
    expect(data.shop.name).toBe("A");
    expect(seen[0].url).toBe("/admin/api/2026-07/graphql.json");
    expect(seen[0].token).toBe("tok");
    expect(seen[0].shop).toBe("a.myshopify.com");
    expect(JSON.parse(seen[0].body)).toMatchObject({ query: "query { shop { name } }", variables: { x: 1 } });
  });

  it("waits out a THROTTLED answer as long as the bucket needs, then succeeds", async () => {
    script = [throttled, { status: 200, body: { data: { n: 1 } } }];
    const sleeps: number[] = [];
    expect(await client(sleeps).request("query { n }")).toEqual({ n: 1 });
    expect(sleeps).toEqual([5250]);
  });

  it("retries 5xx, dropped connections and timeouts with growing backoff", async () => {
    script = [{ status: 502, body: "bad gateway" }, "drop", "hang", { status: 200, body: { data: { n: 2 } } }];
    const sleeps: number[] = [];
    expect(await client(sleeps).request("query { n }")).toEqual({ n: 2 });
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it("gives up after maxAttempts with the last retryable error", async () => {
    script = [
      { status: 503, body: {} },
      { status: 503, body: {} },
      { status: 503, body: {} },
      { status: 503, body: {} },
    ];
    const error = await client()
      .request("query { n }")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as AdminApiError).kind).toBe("server");
    expect(script).toEqual([]);
  });

  it("does not retry 401 (auth) nor GraphQL errors", async () => {
    script = [
      { status: 401, body: { errors: "Invalid API key or access token" } },
      { status: 200, body: { data: { n: 3 } } },
    ];
    const auth = await client()
      .request("query { n }")
      .catch((e: unknown) => e);
    expect((auth as AdminApiError).kind).toBe("auth");
    expect((auth as AdminApiError).retryable).toBe(false);
    script = [
      { status: 200, body: { errors: [{ message: "Field 'x' doesn't exist" }] } },
      { status: 200, body: { data: { n: 3 } } },
    ];
    const graphql = await client()
      .request("query { x }")
      .catch((e: unknown) => e);
    expect((graphql as AdminApiError).kind).toBe("graphql");
    expect((graphql as AdminApiError).message).toContain("doesn't exist");
    script = [];
  });

  it("for a non-idempotent mutation retries only THROTTLED, never a timeout or 5xx that may have run it", async () => {
    const mutation = 'mutation { flowTriggerReceive(handle: "h", payload: {}) { userErrors { message } } }';
    script = [throttled, "hang", { status: 200, body: { data: { n: 4 } } }];
    const sleeps: number[] = [];
    const timedOut = await client(sleeps)
      .request(mutation, {}, { idempotent: false })
      .catch((e: unknown) => e);
    expect((timedOut as AdminApiError).kind).toBe("timeout");
    expect(sleeps).toHaveLength(1); // the throttled answer only
    script = [
      { status: 502, body: "bad gateway" },
      { status: 200, body: { data: { n: 5 } } },
    ];
    const server = await client()
      .request(mutation, {}, { idempotent: false })
      .catch((e: unknown) => e);
    expect((server as AdminApiError).kind).toBe("server");
    expect(script).toHaveLength(1);
    script = [];
  });

  it("logs throttled retries at debug (expected under a backfill) and other retries at info, naming the shop", async () => {
    script = [throttled, { status: 503, body: "busy" }, { status: 200, body: { data: { ok: true } } }];
    const log = memoryLogger();
    await client([], log).request("query { ok }");
    expect(log.lines.map((l) => [l.level, l.message, l.fields.kind, l.fields.shop])).toEqual([
      ["debug", "admin api retry", "throttled", "a.myshopify.com"],
      ["info", "admin api retry", "server", "a.myshopify.com"],
    ]);
  });
});
