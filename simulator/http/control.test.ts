import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../index";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ customers: 40, seed: 12 });
});
afterAll(() => sim.stop());

const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

describe("control API", () => {
  it("drives store activity, the clock and the truth for other processes", async () => {
    const info = await call<{ shop: string; customers: number }>("GET", "/");
    expect(info).toMatchObject({ shop: sim.shop, customers: 40 });
    const order = await call<{ id: number; lineItems: { id: number }[] }>("POST", "/orders", {
      customerId: "gid://shopify/Customer/7000000000020",
    });
    const ret = await call<{ id: number }>("POST", `/orders/${order.id}/returns`, {
      lines: [{ lineItemId: order.lineItems[0].id, reasonHandle: "defective" }],
    });
    await call("POST", `/returns/${ret.id}/close`, {});
    const before = await call<{ orderCount: number; netSpend: string }>("GET", "/truth/customers/7000000000020");
    expect(before.netSpend).toBe(sim.truth.customer(7_000_000_000_020)!.netSpend);
    const advanced = await call<{ now: string }>("POST", "/clock/advance", { days: 3 });
    expect(Date.parse(advanced.now)).toBe(sim.clock.now().getTime());
    const truth = await call<{ asOf: string; loyalty: { spend5k: number[] } }>("GET", "/truth");
    expect(truth.asOf).toBe(advanced.now);
    expect(truth.loyalty.spend5k).toEqual(sim.truth.pillars().loyalty.spend5k);
    const customer = await call<{ firstName: string }>("PATCH", "/customers/7000000000021", { firstName: "Zed" });
    expect(customer.firstName).toBe("Zed");
    const recorded = await call<{ flowTriggers: unknown[] }>("GET", "/recorded");
    expect(recorded.flowTriggers).toEqual([]);
    const unknown = await fetch(`${sim.controlUrl}/nope`);
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${sim.controlUrl}/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ customerId: 1 }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("what a driver in another process reads (the soak, decision 0227)", () => {
  it("serves the install's tokens, the store's orders as of an instant and deliveries without bodies", async () => {
    const installed = await call<{ access_token: string }>("GET", "/tokens/installed");
    expect(installed.access_token).toBe(sim.tokens.installed.access_token);
    const asOf = sim.clock.now();
    const orders = await call<{ orderId: number; processedAt: string; totalCents: number; cancelled: boolean }[]>(
      "GET",
      `/truth/orders?asOf=${asOf.toISOString()}`,
    );
    let count = 0;
    for (const h of sim.store.histories()) count += h.orders.filter((o) => o.processedAt <= asOf.getTime()).length;
    expect(orders).toHaveLength(count);
    expect(orders.every((o) => Date.parse(o.processedAt) <= asOf.getTime() && o.totalCents > 0)).toBe(true);
    expect((await fetch(`${sim.controlUrl}/truth/orders?asOf=yesterday`)).status).toBe(400);
    sim.webhooks.configure({
      subscriptions: [{ topic: "orders/create", url: "http://127.0.0.1:9/none" }],
      retryDelaysMs: [],
    });
    await call("POST", "/orders", { customerId: 7_000_000_000_022 });
    await sim.webhooks.idle();
    const all = await call<{ body?: string; state: string }[]>("GET", "/webhooks/deliveries?bodies=false");
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((d) => d.body === undefined)).toBe(true);
    expect(await call<unknown[]>("GET", "/webhooks/deliveries?state=pending")).toEqual([]);
  });
});

describe("a real-time store (the demo's)", () => {
  it("places a message-caused order after the Flow trigger's wall-clock time, not the last clock tick", async () => {
    const live = await startSimulator({
      customers: 10,
      seed: 3,
      now: new Date(Date.now() - 60_000),
      realtime: true,
      effect: { extraConversionProbability: 1, windowDays: 1e-6 },
      tokens: { accessTokenTtlSeconds: null },
    });
    try {
      const before = Date.now();
      const res = await fetch(live.adminApiUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": live.accessToken },
        body: JSON.stringify({
          query: `mutation($payload: JSON!) { flowTriggerReceive(handle: "rapport-message", payload: $payload) { userErrors { message } } }`,
          variables: { payload: { customer_id: 7_000_000_000_001 } },
        }),
      });
      expect(res.status).toBe(200);
      const caused = live.truth.messageOrders();
      expect(caused).toHaveLength(1);
      expect(caused[0].processedAt).toBeGreaterThanOrEqual(before);
    } finally {
      await live.stop();
    }
  });

  it("stamps activity with the wall clock, not the last clock tick", async () => {
    const live = await startSimulator({ customers: 10, seed: 3, now: new Date(Date.now() - 60_000), realtime: true });
    try {
      const before = Date.now();
      const res = await fetch(`${live.controlUrl}/orders`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ customerId: 7_000_000_000_001 }),
      });
      const order = (await res.json()) as { processedAt: number };
      expect(order.processedAt).toBeGreaterThanOrEqual(before);
      expect(live.clock.now().getTime()).toBeGreaterThanOrEqual(before);
    } finally {
      await live.stop();
    }
  });
});
