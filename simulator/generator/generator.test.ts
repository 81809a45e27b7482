import { describe, expect, it } from "vitest";
import { Store } from "../store/store";
import { generateHistory } from "./history";
import { generateCatalog } from "./catalog";
import { countedOrders, netSpendCents, pillarTruth } from "../truth/pillars";
import { DAY } from "../store/model";
import { PLANTS } from "./planted";

const now = Date.parse("2026-11-29T00:00:00Z");

describe("store generator", () => {
  it("is deterministic per (seed, index), independent of other customers", () => {
    const cfg = { seed: 42, customers: 1000, now };
    const catalog = generateCatalog(42, now);
    const alone = generateHistory(cfg, catalog, 777);
    const store = new Store(cfg);
    for (let i = 0; i < 777; i++) store.history(i);
    expect(JSON.stringify(store.history(777))).toBe(JSON.stringify(alone));
    const other = generateHistory({ ...cfg, seed: 43 }, generateCatalog(43, now), 777);
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(alone));
  });

  it("has realistic aggregate behaviour", () => {
    const store = new Store({ seed: 5, customers: 5000, now });
    const spends: number[] = [];
    let orders = 0;
    let returned = 0;
    let cancelled = 0;
    let guests = 0;
    let q4 = 0;
    const states = new Set<string>();
    const sms = new Set<string>();
    const locales = new Set<string>();
    let repeatSameProduct = 0;
    for (const { customer, orders: list } of store.histories()) {
      states.add(customer.emailState);
      if (customer.smsState) sms.add(customer.smsState);
      locales.add(customer.locale);
      spends.push(netSpendCents(list, now));
      const counted = countedOrders(list, now);
      const perProduct = new Map<number, number>();
      for (const o of counted)
        for (const l of o.lineItems) perProduct.set(l.productId, (perProduct.get(l.productId) ?? 0) + 1);
      if ([...perProduct.values()].some((n) => n >= 3)) repeatSameProduct++;
      for (const o of list) {
        if (o.processedAt > now) continue;
        if (o.customerId === null) guests++;
        orders++;
        if (o.returns.length > 0) returned++;
        if (o.cancelledAt !== null) cancelled++;
        const month = new Date(o.processedAt).getUTCMonth();
        if (month >= 9) q4++;
      }
    }
    spends.sort((a, b) => b - a);
    const total = spends.reduce((s, x) => s + x, 0);
    const top = spends.slice(0, spends.length / 5).reduce((s, x) => s + x, 0);
    expect(top / total).toBeGreaterThanOrEqual(0.7);
    expect(top / total).toBeLessThanOrEqual(0.8);
    expect(returned / orders).toBeGreaterThan(0.08);
    expect(returned / orders).toBeLessThan(0.12);
    expect(cancelled).toBeGreaterThan(0);
    expect(guests).toBeGreaterThan(0);
    expect(q4 / orders).toBeGreaterThan(0.3); // a quarter of the year, well over a quarter of the orders
    expect([...states].sort()).toEqual(["NOT_SUBSCRIBED", "PENDING", "SUBSCRIBED", "UNSUBSCRIBED"]);
    expect(sms.size).toBeGreaterThanOrEqual(3);
    expect(locales.size).toBeGreaterThanOrEqual(4);
    expect(repeatSameProduct).toBeGreaterThan(50);
  });

  it("plants pillar members and near misses that the recomputed truth confirms", () => {
    const store = new Store({ seed: 9, customers: 400, now });
    const truth = pillarTruth(store, now);
    const idOf = (label: string): number => store.history(PLANTS.findIndex((p) => p.label === label))!.customer.id;
    expect(truth.loyalty.spend5k).toContain(idOf("loyalty-spend"));
    expect(truth.loyalty.orders10).toContain(idOf("loyalty-orders"));
    expect(truth.loyalty.tenure2y).toContain(idOf("loyalty-tenure"));
    expect(truth.loyalty.spend5k).not.toContain(idOf("near-miss-spend"));
    expect(netSpendCents(store.history(PLANTS.findIndex((p) => p.label === "near-miss-spend"))!.orders, now)).toBe(
      499_999,
    );
    expect(truth.loyalty.orders10).not.toContain(idOf("near-miss-orders"));
    expect(truth.lifecycle.d7).toContain(idOf("lifecycle-d7"));
    expect(truth.lifecycle.d14).toContain(idOf("lifecycle-d14"));
    expect(truth.lifecycle.d30).toContain(idOf("lifecycle-d30"));
    expect(truth.lifecycle.d7).not.toContain(idOf("lifecycle-cancelled-trap"));
    expect(truth.affinity.map((a) => a.customerId)).toContain(idOf("affinity"));
    expect(truth.affinity.map((a) => a.customerId)).not.toContain(idOf("affinity-too-old"));
    expect(truth.reengagement).toContainEqual(
      expect.objectContaining({ customerId: idOf("reengagement"), reasonHandle: "size-too-small" }),
    );
    expect(truth.reengagement.map((r) => r.customerId)).not.toContain(idOf("reengagement-wrong-reason"));
    expect(truth.reengagement.map((r) => r.customerId)).not.toContain(idOf("reengagement-future-relaunch"));
    // The future relaunch makes that customer a member once it has happened.
    const later = pillarTruth(store, now + 31 * DAY);
    expect(later.reengagement.map((r) => r.customerId)).toContain(idOf("reengagement-future-relaunch"));
    // Generic customers land in pillars too: the truth is not just the planted list.
    expect(truth.loyalty.tenure2y.length).toBeGreaterThan(20);
  });

  it("keeps each pillar list consistent with a brute-force recomputation", () => {
    const store = new Store({ seed: 11, customers: 300, now });
    const truth = pillarTruth(store, now);
    for (const { customer, orders } of store.histories()) {
      const counted = orders.filter(
        (o) => o.customerId !== null && o.processedAt <= now && (o.cancelledAt === null || o.cancelledAt > now),
      );
      const last = counted.length ? Math.max(...counted.map((o) => o.processedAt)) : null;
      const days = last === null ? null : Math.floor((now - last) / DAY);
      expect(truth.lifecycle.d7.includes(customer.id)).toBe(days === 7);
      expect(truth.lifecycle.d30.includes(customer.id)).toBe(days === 30);
      expect(truth.loyalty.orders10.includes(customer.id)).toBe(counted.length >= 10);
    }
  });
});
