// Customers with known answers for every pillar as of `now` (docs/pillars.md), plus near
// misses on each boundary. Indices 0..plantedCount-1 hold them; the truth module still
// recomputes membership from the data rather than trusting these labels.
import type { Rng } from "../util/rng";
import { DAY, HOUR, type SimCustomer, type SimOrder, type SimProduct } from "../store/model";
import { addRefund, addReturn, buildOrder, orderTotal, returnLifecycle, type BasketLine } from "./order-builder";
import type { CustomerHistory, GeneratorConfig } from "./history";

type Ctx = { now: number; index: number; id: number; catalog: SimProduct[]; rng: Rng; orders: SimOrder[] };
type Plant = { label: string; build: (c: Ctx) => void };

const product = (c: Ctx, handle: string): SimProduct => c.catalog.find((p) => p.handle === handle)!;
const line = (c: Ctx, handle: string, quantity = 1, size = "M"): BasketLine => {
  const p = product(c, handle);
  return { product: p, variant: p.variants.find((v) => v.size === size) ?? p.variants[0], quantity };
};
const order = (c: Ctx, daysAgo: number, basket: BasketLine[]): SimOrder => {
  const o = buildOrder(c.index, c.orders.length + 1, c.id, c.now - daysAgo * DAY - 6 * HOUR, basket, "planted");
  c.orders.push(o);
  return o;
};
const repeat = (c: Ctx, count: number, firstDaysAgo: number, lastDaysAgo: number, handle: string): void => {
  for (let k = 0; k < count; k++)
    order(c, firstDaysAgo - ((firstDaysAgo - lastDaysAgo) * k) / Math.max(1, count - 1), [line(c, handle)]);
};
/** An order totalling exactly `cents`, priced through a line discount. */
const exact = (c: Ctx, daysAgo: number, handle: string, cents: number): SimOrder => {
  const l = line(c, handle);
  const qty = Math.ceil(cents / l.variant.priceCents);
  return order(c, daysAgo, [{ ...l, quantity: qty, discountCents: qty * l.variant.priceCents - cents }]);
};
const returned = (c: Ctx, o: SimOrder, daysAgo: number, reasonHandle: string): void => {
  const ret = addReturn(o, c.now - daysAgo * DAY, [{ lineItemId: o.lineItems[0].id, quantity: 1, reasonHandle }]);
  returnLifecycle(o, ret, { chance: () => false, int: (a: number) => a } as unknown as Rng);
};

export const PLANTS: Plant[] = [
  { label: "loyalty-spend", build: (c) => [300, 200, 100].forEach((d) => exact(c, d, "desk-lamp", 180_000)) },
  { label: "loyalty-orders", build: (c) => repeat(c, 10, 600, 60, "ceramic-mug") },
  {
    label: "loyalty-tenure",
    build: (c) => {
      order(c, 800, [line(c, "linen-tote")]);
      order(c, 400, [line(c, "green-tea")]);
    },
  },
  {
    label: "near-miss-spend",
    build: (c) => {
      const o = exact(c, 150, "leather-wallet", 520_000);
      addRefund(o, o.processedAt + 3 * DAY, 20_001, [], "Partial refund");
    },
  },
  { label: "near-miss-orders", build: (c) => repeat(c, 9, 500, 45, "olive-oil-soap") },
  {
    label: "lifecycle-d7",
    build: (c) => {
      order(c, 200, [line(c, "green-tea")]);
      order(c, 7, [line(c, "classic-candle")]);
    },
  },
  {
    label: "lifecycle-d14",
    build: (c) => {
      order(c, 14, [line(c, "summer-dress", 1, "S")]);
    },
  },
  {
    label: "lifecycle-d30",
    build: (c) => {
      order(c, 120, [line(c, "linen-tote")]);
      order(c, 30, [line(c, "merino-sweater", 1, "L")]);
    },
  },
  {
    label: "lifecycle-cancelled-trap",
    build: (c) => {
      order(c, 40, [line(c, "green-tea")]);
      const o = order(c, 7, [line(c, "classic-candle")]);
      o.cancelledAt = o.processedAt + 2 * HOUR;
      o.cancelReason = "CUSTOMER";
      addRefund(o, o.cancelledAt, orderTotal(o), [{ lineItemId: o.lineItems[0].id, quantity: 1 }], "Cancelled");
    },
  },
  { label: "affinity", build: (c) => repeat(c, 3, 80, 20, "house-coffee-beans") },
  {
    label: "affinity-too-old",
    build: (c) => {
      repeat(c, 2, 60, 20, "green-tea");
      order(c, 100, [line(c, "green-tea")]);
    },
  },
  {
    label: "reengagement",
    build: (c) => returned(c, order(c, 70, [line(c, "everyday-tee", 1, "M")]), 60, "size-too-small"),
  },
  {
    label: "reengagement-wrong-reason",
    build: (c) => returned(c, order(c, 70, [line(c, "everyday-tee", 1, "L")]), 60, "color"),
  },
  {
    label: "reengagement-future-relaunch",
    build: (c) => returned(c, order(c, 50, [line(c, "slim-jeans", 1, "S")]), 40, "size-too-large"),
  },
];

export const plantedCount = (customers: number): number => Math.min(PLANTS.length, Math.floor(customers / 2));

export function plantedHistory(
  cfg: GeneratorConfig,
  catalog: SimProduct[],
  base: SimCustomer,
  rng: Rng,
): CustomerHistory {
  const plant = PLANTS[base.index];
  const c: Ctx = { now: cfg.now, index: base.index, id: base.id, catalog, rng, orders: [] };
  plant.build(c);
  c.orders.sort((a, b) => a.processedAt - b.processedAt);
  // Seqs follow time so ids ascend with processedAt, as Shopify's do.
  const rebuilt = c.orders.map((o, k) => ({ ...o, ...renumber(o, base.index, k + 1) }));
  base.planted = plant.label;
  base.emailState = "SUBSCRIBED";
  base.emailOptIn = "SINGLE_OPT_IN";
  base.createdAt = (rebuilt[0]?.processedAt ?? cfg.now) - 2 * DAY;
  base.emailConsentAt = base.createdAt;
  return { customer: base, orders: rebuilt };
}

function renumber(o: SimOrder, index: number, seq: number): SimOrder {
  const fresh = buildOrder(index, seq, o.customerId, o.processedAt, [], o.source);
  const shift = (old: number, width: number, parentOld: number, parentNew: number): number =>
    old - parentOld * width + parentNew * width;
  return {
    ...o,
    id: fresh.id,
    number: fresh.number,
    lineItems: o.lineItems.map((l) => ({ ...l, id: shift(l.id, 100, o.id, fresh.id) })),
    refunds: o.refunds.map((r) => {
      const id = shift(r.id, 10, o.id, fresh.id);
      return {
        ...r,
        id,
        lines: r.lines.map((rl) => ({
          ...rl,
          id: shift(rl.id, 100, r.id, id),
          lineItemId: shift(rl.lineItemId, 100, o.id, fresh.id),
        })),
      };
    }),
    returns: o.returns.map((r) => {
      const id = shift(r.id, 10, o.id, fresh.id);
      return {
        ...r,
        id,
        name: `#${fresh.number}-R${r.name.split("-R")[1]}`,
        lines: r.lines.map((rl) => ({
          ...rl,
          id: shift(rl.id, 100, r.id, id),
          lineItemId: shift(rl.lineItemId, 100, o.id, fresh.id),
        })),
      };
    }),
  };
}
