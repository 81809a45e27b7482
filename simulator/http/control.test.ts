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

describe("a real-time store (the demo's)", () => {
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
