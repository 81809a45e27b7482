import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "~tests/support/simulator";

let t: TestSimulator;
beforeAll(async () => {
  t = await startTestSimulator({ customers: 30, seed: 2 });
});
afterAll(() => t.stop());

const post = (body: unknown, signal?: AbortSignal): Promise<Response> =>
  fetch(t.sim.adminApiUrl, {
    method: "POST",
    signal,
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": t.sim.accessToken },
    body: JSON.stringify(body),
  });

describe("rate limits", () => {
  it("computes the requested cost from the document", async () => {
    const res = await t.client.request(
      `{ customers(first: 10) { nodes { id defaultEmailAddress { emailAddress } amountSpent { amount } } } }`,
    );
    const cost = (res.extensions as { cost: { requestedQueryCost: number; actualQueryCost: number } }).cost;
    expect(cost.requestedQueryCost).toBe(2 + 10 * 3);
    expect(cost.actualQueryCost).toBeGreaterThan(10);
    expect(cost.actualQueryCost).toBeLessThanOrEqual(cost.requestedQueryCost);
  });

  it("refunds the difference between the requested and the actual cost, as Shopify does", async () => {
    t.sim.rateLimit.setRestoreRate(0.001);
    t.sim.rateLimit.drain(1000);
    const res = await t.client.request(
      `{ customers(first: 100, query: "email:nobody@nowhere.invalid") { nodes { id amountSpent { amount } } } }`,
    );
    const cost = (
      res.extensions as {
        cost: { requestedQueryCost: number; actualQueryCost: number; throttleStatus: { currentlyAvailable: number } };
      }
    ).cost;
    expect(cost.requestedQueryCost).toBe(2 + 100 * 2);
    expect(cost.actualQueryCost).toBe(1);
    expect(cost.throttleStatus.currentlyAvailable).toBe(999);
    t.sim.rateLimit.setPlan("standard");
    t.sim.rateLimit.drain(2000);
  });

  it("throttles when the bucket cannot pay, with HTTP 200 and THROTTLED", async () => {
    t.sim.rateLimit.setRestoreRate(0.001);
    t.sim.rateLimit.drain(5);
    const res = await post({ query: `{ customers(first: 10) { nodes { id } } }` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      errors: { extensions: { code: string } }[];
      extensions: {
        cost: { actualQueryCost: null; throttleStatus: { currentlyAvailable: number; maximumAvailable: number } };
      };
    };
    expect(body.errors[0].extensions.code).toBe("THROTTLED");
    expect(body.extensions.cost.actualQueryCost).toBeNull();
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(12);
    const cheap = await post({ query: `{ shop { name } }` });
    expect(((await cheap.json()) as { data: { shop: { name: string } } }).data.shop.name).toBe("rapport-sim");
    t.sim.rateLimit.setPlan("plus");
    expect(t.sim.rateLimit.status().restoreRate).toBe(1000);
    t.sim.rateLimit.drain(2000);
  });
});

describe("fault injection", () => {
  it("fails the next N requests with a 5xx, optionally only for one operation", async () => {
    t.sim.faults.inject({ kind: "error", status: 503, count: 2, operationName: "Target" });
    expect((await post({ query: "query Other { shop { name } }" })).status).toBe(200);
    expect((await post({ query: "query Target { shop { name } }" })).status).toBe(503);
    expect((await post({ query: "query Target { shop { name } }", operationName: "Target" })).status).toBe(503);
    expect((await post({ query: "query Target { shop { name } }" })).status).toBe(200);
  });

  it("hangs a request until the client gives up", async () => {
    t.sim.faults.inject({ kind: "timeout" });
    await expect(post({ query: "{ shop { name } }" }, AbortSignal.timeout(300))).rejects.toThrow();
    expect((await post({ query: "{ shop { name } }" })).status).toBe(200);
  });

  it("slows a request down but still answers it", async () => {
    t.sim.faults.inject({ kind: "slow", delayMs: 50 });
    const res = await post({ query: "{ shop { name } }" });
    expect(res.status).toBe(200);
    expect(t.sim.recorded.operations.at(-1)?.status).toBe("ok");
  });

  it("can be driven over the control API", async () => {
    const ctl = await fetch(`${t.sim.controlUrl}/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind: "error", status: 500 }),
    });
    expect(ctl.status).toBe(200);
    expect((await post({ query: "{ shop { name } }" })).status).toBe(500);
    expect((await post({ query: "{ shop { name } }" })).status).toBe(200);
  });
});
