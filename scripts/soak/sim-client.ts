// The soak's simulator, in a process of its own (decision 0227; scripts/bench/sim-process.ts),
// reached only over its HTTP control API: the soak driver's own stalls (its checks, settle
// polling, garbage collection) can no longer hold up Shopify's side — webhook retries, Admin API
// answers, the store's clock.
import type { ChildProcess } from "node:child_process";
import type { FaultSpec, TokenResponse, WebhookOptions } from "~sim/index";
import type { DeliveryAttempt } from "~sim/webhooks/dispatcher";
import type { SimProduct } from "~sim/store/model";
import type { FlowTriggerRecord } from "~sim/store/recorder";
import type { OrderTruth } from "~sim/truth/orders";
import { SIM_SHOP, simulatorProcess, type SimulatorProcessOptions } from "../bench/sim-process";

/** A delivery as the soak reads it: everything but the body. */
export interface DeliveryMeta {
  webhookId: string;
  topic: string;
  attempts: DeliveryAttempt[];
  state: "pending" | "delivered" | "failed";
  duplicate: boolean;
}

export interface MessageOrderTruth {
  orderId: number;
  customerId: number;
  processedAt: string;
  cancelledAt: string | null;
  /** The Flow trigger (its `seq` in the recorded triggers) that caused it. */
  causedBy: number | null;
}

/** What the traffic needs of a placed order or a return. */
export interface Placed {
  id: number;
  lineItems: { id: number }[];
}

/** An answer the store refused (a 4xx of the control API): the traffic counts these. */
export class Refused extends Error {}

export class RemoteSimulator {
  readonly shop = SIM_SHOP;
  readonly controlUrl: string;
  /** Set when the simulator process ended while the soak still needed it. */
  exited: { code: number | null; signal: string | null } | null = null;
  private stopping = false;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    this.controlUrl = `${url}/_simulator`;
    // The soak ending any way at all (an error, process.exit) takes its simulator with it.
    const orphaned = () => child.kill("SIGKILL");
    process.once("exit", orphaned);
    child.once("exit", (code, signal) => {
      process.off("exit", orphaned);
      if (!this.stopping) this.exited = { code, signal };
    });
  }

  static async start(options: SimulatorProcessOptions): Promise<RemoteSimulator> {
    const proc = await simulatorProcess(options);
    return new RemoteSimulator(proc.origin, proc.child);
  }

  async control<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.controlUrl}${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    if (res.status >= 400 && res.status < 500) throw new Refused(`${method} ${route}: ${res.status} ${text}`);
    if (!res.ok) throw new Error(`simulator ${method} ${route}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  async customerCount(): Promise<number> {
    return (await this.control<{ customers: number }>("GET", "/")).customers;
  }

  async now(): Promise<Date> {
    return new Date((await this.control<{ now: string }>("GET", "/clock")).now);
  }

  /**
   * Brings the store's clock to the simulator's now (a real-time store moves it on any write;
   * a target from this process's clock could be behind the simulator's and be refused).
   */
  async catchUp(): Promise<void> {
    await this.control("POST", "/clock/advance", { ms: 0 });
  }

  installedTokens = () => this.control<TokenResponse>("GET", "/tokens/installed");
  catalog = () => this.control<SimProduct[]>("GET", "/catalog");
  configureWebhooks = (options: WebhookOptions) => this.control("POST", "/webhooks", options);

  async subscribe(url: string, topics: string[]): Promise<void> {
    await this.configureWebhooks({ subscriptions: topics.map((topic) => ({ topic, url })) });
  }

  /** Deliveries without their bodies; `pending` only when asked. */
  deliveries(state?: "pending"): Promise<DeliveryMeta[]> {
    return this.control("GET", `/webhooks/deliveries?bodies=false${state ? `&state=${state}` : ""}`);
  }

  async flowTriggers(): Promise<FlowTriggerRecord[]> {
    return (await this.control<{ flowTriggers: FlowTriggerRecord[] }>("GET", "/recorded")).flowTriggers;
  }

  messageOrders = () => this.control<MessageOrderTruth[]>("GET", "/truth/message-orders");
  ordersAsOf = (asOf: Date) =>
    this.control<OrderTruth[]>("GET", `/truth/orders?asOf=${encodeURIComponent(asOf.toISOString())}`);

  // Store activity (each fires the webhooks Shopify would).
  placeOrder = (customerId: number) => this.control<Placed>("POST", "/orders", { customerId });
  refund = (orderId: number, amount: string, note: string) =>
    this.control("POST", `/orders/${orderId}/refunds`, { amount, note });
  cancelOrder = (orderId: number) => this.control("POST", `/orders/${orderId}/cancel`, {});
  createReturn = (orderId: number, lines: { lineItemId: number; quantity: number; reasonHandle: string }[]) =>
    this.control<Placed>("POST", `/orders/${orderId}/returns`, { lines });
  approveReturn = (id: number) => this.control("POST", `/returns/${id}/approve`, {});
  closeReturn = (id: number) => this.control("POST", `/returns/${id}/close`, { refund: true });
  updateCustomer = (id: number, update: Record<string, unknown>) => this.control("PATCH", `/customers/${id}`, update);
  createCustomer = (input: { firstName: string; lastName: string; email: string; emailState: string }) =>
    this.control<{ id: number }>("POST", "/customers", input);

  // Faults.
  injectFault = (spec: FaultSpec) => this.control("POST", "/faults", spec);
  clearFaults = () => this.control("DELETE", "/faults");
  drainBucket = () => this.control("POST", "/plan", { drain: true, drainTo: 0 });

  // Flow.
  configureFlow = (input: { secret: string; lifecycleUrl: string; actionUrl: string }) =>
    this.control("POST", "/flow/configure", input);
  setWorkflow = (enabled: boolean, kind: "shopify_email" | "other_app") =>
    this.control<{ enabled: boolean; appStatus: number }>("POST", "/flow/workflow", { enabled, kind });

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await gone;
  }
}
