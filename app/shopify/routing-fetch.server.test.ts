import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoutingFetch, RealShopRefusedError } from "~/shopify/routing-fetch.server";

describe("createRoutingFetch", () => {
  let server: http.Server;
  let origin: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers["x-shopify-access-token"] ?? ""}`);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends *.myshopify.com requests to the simulator, keeping path, query and headers", async () => {
    const routed = createRoutingFetch(origin, { loopbackOnly: true });
    const response = await routed("https://demo.myshopify.com/admin/api/2026-07/graphql.json?x=1", {
      method: "POST",
      headers: { "X-Shopify-Access-Token": "tok" },
      body: "{}",
    });
    expect(await response.text()).toBe("ok");
    expect(seen.at(-1)).toBe("POST /admin/api/2026-07/graphql.json?x=1 tok");
  });

  it("in demo mode refuses to reach a real shop, whatever the origin setting", async () => {
    const unrouted = createRoutingFetch(undefined, { loopbackOnly: true });
    await expect(unrouted("https://real-store.myshopify.com/admin/api/2026-07/graphql.json")).rejects.toBeInstanceOf(
      RealShopRefusedError,
    );
    const routed = createRoutingFetch(origin, { loopbackOnly: true });
    await expect(routed("https://storage.googleapis.com/bulk/result.jsonl")).rejects.toBeInstanceOf(
      RealShopRefusedError,
    );
  });
});
