// Live traffic for the soak: what shoppers and the merchant do in the simulated store, drawn from
// a seeded generator so a run can be repeated: orders, refunds, cancellations, returns (requested,
// approved, closed with a refund), customer edits, consent changes and new customers. Each action
// goes through the simulator's activity API, which fires the webhooks Shopify would.
import type { Simulator } from "~sim/index";
import { Rng } from "~sim/util/rng";
import type { SimOrder, SimReturn } from "~sim/store/model";

export type ActionKind =
  "order" | "refund" | "cancel" | "return" | "returnClose" | "customerEdit" | "consent" | "newCustomer";

const MIX: (readonly [ActionKind, number])[] = [
  ["order", 45],
  ["refund", 8],
  ["cancel", 3],
  ["return", 8],
  ["returnClose", 6],
  ["customerEdit", 10],
  ["consent", 12],
  ["newCustomer", 8],
];

const REASONS = ["size-too-small", "size-too-large", "defective", "unwanted", "style"];

export interface Traffic {
  counts: Record<ActionKind, number>;
  refused: number;
  stop(): Promise<void>;
}

/** Runs `perSecond` actions a second until stopped. */
export function startTraffic(sim: Simulator, seed: number, perSecond: number): Traffic {
  const rng = new Rng(seed, "soak-traffic");
  const counts = Object.fromEntries(MIX.map(([kind]) => [kind, 0])) as Record<ActionKind, number>;
  const placed: SimOrder[] = [];
  const open: SimReturn[] = [];
  const created: number[] = [];
  let refused = 0;
  let sequence = 0;

  const customerId = (): number => {
    if (created.length > 0 && rng.chance(0.2)) return rng.pick(created);
    for (let tries = 0; tries < 10; tries++) {
      const id = sim.store.history(rng.int(0, sim.store.customerTotal - 1))?.customer.id;
      if (id !== undefined) return id;
    }
    throw new Error("no customer to act for");
  };

  const act = (kind: ActionKind): void => {
    switch (kind) {
      case "order":
        placed.push(sim.activity.placeOrder({ customerId: customerId() }));
        return;
      case "refund": {
        const order = rng.pick(placed);
        if (!order) throw new Error("nothing to refund");
        sim.activity.refund({ orderId: order.id, amount: (rng.int(100, 900) / 100).toFixed(2), note: "soak" });
        return;
      }
      case "cancel": {
        const order = placed.splice(rng.int(0, Math.max(0, placed.length - 1)), 1)[0];
        if (!order) throw new Error("nothing to cancel");
        sim.activity.cancelOrder(order.id);
        return;
      }
      case "return": {
        const order = rng.pick(placed);
        if (!order) throw new Error("nothing to return");
        const line = order.lineItems[0];
        const made = sim.activity.createReturn({
          orderId: order.id,
          lines: [{ lineItemId: line.id, quantity: 1, reasonHandle: rng.pick(REASONS) }],
        });
        sim.activity.approveReturn(made.id);
        open.push(made);
        return;
      }
      case "returnClose": {
        const made = open.shift();
        if (!made) throw new Error("no open return");
        sim.activity.closeReturn(made.id, { refund: true });
        return;
      }
      case "customerEdit":
        sim.activity.updateCustomer(customerId(), { note: `soak ${sequence}`, tags: [`soak-${sequence % 7}`] });
        return;
      case "consent":
        sim.activity.updateCustomer(customerId(), {
          emailState: rng.chance(0.7) ? "SUBSCRIBED" : "UNSUBSCRIBED",
        });
        return;
      case "newCustomer": {
        const n = ++sequence;
        const made = sim.activity.createCustomer({
          firstName: `Soak${n}`,
          lastName: "Shopper",
          email: `soak-${seed}-${n}@example.com`,
          emailState: "SUBSCRIBED",
        });
        created.push(made.id);
        return;
      }
    }
  };

  let running = true;
  const loop = (async () => {
    const started = Date.now();
    let done = 0;
    while (running) {
      const due = started + (done * 1000) / perSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!running) break;
      done++;
      sequence++;
      const kind = rng.weighted(MIX);
      // The store lives in real time: its clock follows the wall clock.
      sim.clock.advance(new Date());
      try {
        act(kind);
        counts[kind]++;
      } catch {
        // An action the store refuses (refund beyond the total, a cancelled order's return…).
        refused++;
      }
    }
  })();

  return {
    counts,
    get refused() {
      return refused;
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
