// Live traffic for the soak: what shoppers and the merchant do in the simulated store, drawn from
// a seeded generator so a run can be repeated: orders, refunds, cancellations, returns (requested,
// approved, closed with a refund), customer edits, consent changes and new customers. Each action
// goes through the simulator's activity API over HTTP (its process, decision 0227), which fires
// the webhooks Shopify would; in real time each request first brings the store's clock to now.
import { Rng } from "~sim/util/rng";
import { customerId as customerIdAt } from "~sim/util/ids";
import { Refused, type Placed, type RemoteSimulator } from "./sim-client";

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

/** An action with nothing to act on yet (no order to refund…): counted as refused. */
class NoTarget extends Error {}

const REASONS = ["size-too-small", "size-too-large", "defective", "unwanted", "style"];

export interface Traffic {
  counts: Record<ActionKind, number>;
  refused: number;
  stop(): Promise<void>;
}

/** Runs `perSecond` actions a second until stopped; `generated` is the store's customer count at the start. */
export function startTraffic(sim: RemoteSimulator, seed: number, perSecond: number, generated: number): Traffic {
  const rng = new Rng(seed, "soak-traffic");
  const counts = Object.fromEntries(MIX.map(([kind]) => [kind, 0])) as Record<ActionKind, number>;
  const placed: Placed[] = [];
  const open: Placed[] = [];
  const created: number[] = [];
  let refused = 0;
  let sequence = 0;

  const customerId = (): number =>
    created.length > 0 && rng.chance(0.2) ? rng.pick(created) : customerIdAt(rng.int(0, generated - 1));

  const act = async (kind: ActionKind): Promise<void> => {
    switch (kind) {
      case "order":
        placed.push(await sim.placeOrder(customerId()));
        return;
      case "refund": {
        const order = rng.pick(placed);
        if (!order) throw new NoTarget("nothing to refund");
        await sim.refund(order.id, (rng.int(100, 900) / 100).toFixed(2), "soak");
        return;
      }
      case "cancel": {
        const order = placed.splice(rng.int(0, Math.max(0, placed.length - 1)), 1)[0];
        if (!order) throw new NoTarget("nothing to cancel");
        await sim.cancelOrder(order.id);
        return;
      }
      case "return": {
        const order = rng.pick(placed);
        if (!order) throw new NoTarget("nothing to return");
        const line = order.lineItems[0];
        const made = await sim.createReturn(order.id, [
          { lineItemId: line.id, quantity: 1, reasonHandle: rng.pick(REASONS) },
        ]);
        await sim.approveReturn(made.id);
        open.push(made);
        return;
      }
      case "returnClose": {
        const made = open.shift();
        if (!made) throw new NoTarget("no open return");
        await sim.closeReturn(made.id);
        return;
      }
      case "customerEdit":
        await sim.updateCustomer(customerId(), { note: `soak ${sequence}`, tags: [`soak-${sequence % 7}`] });
        return;
      case "consent":
        await sim.updateCustomer(customerId(), {
          emailState: rng.chance(0.7) ? "SUBSCRIBED" : "UNSUBSCRIBED",
        });
        return;
      case "newCustomer": {
        const n = ++sequence;
        const made = await sim.createCustomer({
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
  let failure: unknown = null;
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
      try {
        await act(kind);
        counts[kind]++;
      } catch (error) {
        // An action the store refuses (refund beyond the total, a cancelled order's return…);
        // anything else (the simulator gone) stops the traffic, and `stop` reports it.
        if (error instanceof Refused || error instanceof NoTarget) refused++;
        else {
          failure = error;
          running = false;
        }
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
      if (failure !== null) throw failure;
    },
  };
}
