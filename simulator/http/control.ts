// The /_simulator control API: the library's activity, clock, truth, recording, faults and
// webhook settings for other processes. Returns undefined for unknown routes (404).
import type { SimulatorCore } from "../core";
import type { FaultSpec } from "./faults";
import type { Plan } from "./rate-limit";
import type { WebhookOptions } from "../webhooks/dispatcher";
import { pillarTruth, customerTruth } from "../truth/pillars";
import { conversionTruth, messageOrders } from "../truth/effect";
import { ordersTruth } from "../truth/orders";
import { parseGid } from "../util/ids";
import { handleFlowControl } from "../flow/control";

type Input = Record<string, unknown>;
const idOf = (v: string): number => parseGid(decodeURIComponent(v))?.id ?? NaN;

export async function handleControl(
  core: SimulatorCore,
  method: string,
  path: string,
  input: Input,
  query: URLSearchParams,
): Promise<unknown> {
  const a = core.activity;
  const route = `${method} ${path}`;
  // In real time, an order placed now must carry the wall-clock time, not the last clock tick.
  if (core.realtime && method !== "GET" && core.clock.now() < Date.now()) a.advanceClock(Date.now());
  const m = (re: RegExp): RegExpExecArray | null => re.exec(route);
  let hit: RegExpExecArray | null;
  if (route === "GET /")
    return {
      shop: core.shop.domain,
      accessToken: core.accessToken,
      now: core.clock.date().toISOString(),
      customers: core.store.customerTotal,
      plan: core.plan,
    };
  if (route === "GET /clock") return { now: core.clock.date().toISOString() };
  if (route === "POST /clock/advance") {
    const to =
      input.to !== undefined
        ? new Date(String(input.to)).getTime()
        : { days: Number(input.days ?? 0), hours: Number(input.hours ?? 0), ms: Number(input.ms ?? 0) };
    const events = a.advanceClock(to);
    return { now: core.clock.date().toISOString(), events: events.length };
  }
  const flow = await handleFlowControl(core, route, input);
  if (flow !== undefined) return flow;
  if (route === "GET /catalog") return core.store.catalog;
  if (route === "POST /customers") return a.createCustomer(input as never);
  if ((hit = m(/^PATCH \/customers\/([^/]+)$/))) return a.updateCustomer(idOf(hit[1]), input);
  if ((hit = m(/^PATCH \/products\/([^/]+)$/))) return a.updateProduct(idOf(hit[1]), input);
  if (route === "POST /orders") return a.placeOrder(input);
  if ((hit = m(/^POST \/orders\/([^/]+)\/refunds$/))) return a.refund({ ...input, orderId: idOf(hit[1]) });
  if ((hit = m(/^POST \/orders\/([^/]+)\/edit$/)))
    return a.editOrder({
      removeLineItemIds: (input.removeLineItemIds as (string | number)[] | undefined) ?? [],
      orderId: idOf(hit[1]),
    });
  if ((hit = m(/^POST \/orders\/([^/]+)\/cancel$/)))
    return a.cancelOrder(idOf(hit[1]), input.reason as string | undefined);
  if ((hit = m(/^POST \/orders\/([^/]+)\/returns$/))) return a.createReturn({ ...input, orderId: idOf(hit[1]) });
  if ((hit = m(/^POST \/returns\/([^/]+)\/approve$/))) return a.approveReturn(idOf(hit[1]));
  if ((hit = m(/^POST \/returns\/([^/]+)\/decline$/))) return a.declineReturn(idOf(hit[1]));
  if ((hit = m(/^POST \/returns\/([^/]+)\/close$/)))
    return a.closeReturn(idOf(hit[1]), { refund: input.refund !== false });
  if (route === "GET /recorded")
    return {
      flowTriggers: core.recorder.flowTriggers,
      tagsAdded: core.recorder.tagsAdded,
      segments: core.recorder.segments,
      consentUpdates: core.recorder.consentUpdates,
      marketingActivities: core.recorder.marketing.activities,
      marketingEngagements: core.recorder.marketing.engagements,
      operations: core.recorder.operations,
    };
  if (route === "DELETE /recorded") return (core.recorder.clear(), { ok: true });
  if (route === "GET /faults") return core.faults.pending();
  if (route === "POST /faults") return (core.faults.inject(input as unknown as FaultSpec), { ok: true });
  if (route === "DELETE /faults") return (core.faults.clear(), { ok: true });
  if (route === "POST /plan") {
    if (input.plan) core.setPlan(input.plan as Plan);
    if (input.restoreRate !== undefined) core.bucket.restoreRate = Number(input.restoreRate);
    if (input.drain) core.bucket.drain(Number(input.drainTo ?? 0));
    return core.bucket.status();
  }
  if (route === "GET /rate-limit") return { ...core.bucket.status(), spent: core.bucket.spent };
  if (route === "POST /webhooks")
    return (core.webhooks.configure(input as WebhookOptions), { ...core.webhooks.options, secret: undefined });
  if (route === "GET /webhooks/deliveries") {
    // ?state=pending and ?bodies=false keep a frequent poll small (bodies are most of the bytes).
    const state = query.get("state");
    const chosen = state ? core.webhooks.deliveries.filter((d) => d.state === state) : core.webhooks.deliveries;
    return query.get("bodies") === "false" ? chosen.map(({ body: _body, ...rest }) => rest) : chosen;
  }
  if (route === "GET /tokens/installed") return core.tokens.installed;
  if ((hit = m(/^POST \/compliance\/(customers\/data_request|customers\/redact|shop\/redact)$/))) {
    const topic = hit[1] as "customers/data_request" | "customers/redact" | "shop/redact";
    if (topic === "shop/redact") a.emit({ topic, at: core.clock.now() });
    else a.emit({ topic, at: core.clock.now(), customerId: idOf(String(input.customerId)) });
    return { ok: true };
  }
  if (route === "POST /app/uninstall")
    return (a.emit({ topic: "app/uninstalled", at: core.clock.now() }), { ok: true });
  if (route === "GET /truth")
    return pillarTruth(core.store, query.get("asOf") ? new Date(query.get("asOf")!).getTime() : core.clock.now());
  if (route === "GET /truth/orders") {
    const asOf = query.get("asOf") ? new Date(query.get("asOf")!).getTime() : core.clock.now();
    if (Number.isNaN(asOf)) throw new Error("asOf: an ISO date-time");
    return ordersTruth(core.store, asOf);
  }
  if ((hit = m(/^GET \/truth\/customers\/([^/]+)$/))) {
    const id = idOf(hit[1]);
    const h = core.store.customer(id) ? core.store.history(core.store.customer(id)!.index)! : null;
    return h
      ? customerTruth(id, h.orders, query.get("asOf") ? new Date(query.get("asOf")!).getTime() : core.clock.now())
      : undefined;
  }
  if (route === "GET /truth/message-orders")
    return messageOrders(core.store).map((o) => ({
      orderId: o.id,
      customerId: o.customerId,
      processedAt: new Date(o.processedAt).toISOString(),
      cancelledAt: o.cancelledAt === null ? null : new Date(o.cancelledAt).toISOString(),
      causedBy: o.causedBy,
    }));
  if (route === "POST /truth/conversion") {
    const ids = (input.customerIds as (string | number)[]).map((v) => parseGid(v)?.id ?? NaN);
    return conversionTruth(
      core.store,
      ids,
      new Date(String(input.from)).getTime(),
      new Date(String(input.to)).getTime(),
    );
  }
  return undefined;
}
