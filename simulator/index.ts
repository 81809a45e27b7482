// Public API of the local Shopify (see simulator/README.md).
import { SimulatorCore, type CoreOptions } from "./core";
import { startHttp } from "./http/server";
import { simulatorFetch, type FetchLike } from "./fetch";
import type { BulkOperation } from "./bulk/view";
import { pillarTruth, customerTruth, type PillarTruth, type CustomerTruth } from "./truth/pillars";
import { conversionTruth, messageOrders, type ConversionTruth } from "./truth/effect";
import type { Plan, ThrottleStatus } from "./http/rate-limit";
import type { FaultSpec } from "./http/faults";
import type { Delivery, WebhookOptions } from "./webhooks/dispatcher";
import type { Activity } from "./store/activity";
import type { Recorder } from "./store/recorder";
import type { Store } from "./store/store";
import type { SimOrder } from "./store/model";
import { customerIndexOf, parseGid } from "./util/ids";
import type { StoreEvent } from "./store/events";
import type { TokenResponse } from "./http/tokens";

export interface SimulatorOptions extends CoreOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  apiVersion?: string;
}

export interface Simulator {
  /** Loopback origin, e.g. http://127.0.0.1:40123 */
  url: string;
  shop: string;
  /** The access token active now (after a refresh, the refreshed one). */
  readonly accessToken: string;
  /**
   * Offline tokens. `installed` is the pair the app got at install (token exchange with
   * `expiring=1`): store it as the app's offline session. Tokens expire on the simulator clock.
   */
  tokens: { installed: TokenResponse; refreshes(): number };
  apiVersion: string;
  /** `${url}/admin/api/${apiVersion}/graphql.json` */
  adminApiUrl: string;
  /** `${url}/_simulator` */
  controlUrl: string;
  /** fetch that rewrites https://{shop}/... to `url`. */
  fetch: FetchLike;
  clock: {
    now(): Date;
    /** Moves the clock forward and emits (and webhooks) every event in between. */
    advance(by: { days?: number; hours?: number; ms?: number } | Date): StoreEvent[];
  };
  store: Store;
  activity: Activity;
  recorded: Recorder;
  truth: {
    pillars(asOf?: Date): PillarTruth;
    customer(customerId: number | string, asOf?: Date): CustomerTruth | null;
    messageOrders(): SimOrder[];
    conversion(customerIds: (number | string)[], from: Date, to: Date): ConversionTruth;
  };
  faults: { inject(spec: FaultSpec): void; clear(): void };
  rateLimit: {
    setPlan(plan: Plan): void;
    setRestoreRate(points: number): void;
    drain(to?: number): void;
    status(): ThrottleStatus;
  };
  webhooks: {
    configure(options: WebhookOptions): void;
    subscribe(url: string, topics: string[]): void;
    deliveries: Delivery[];
    idle(): Promise<void>;
    /** Sends a compliance topic (customers/data_request, customers/redact, shop/redact). */
    compliance(
      topic: "customers/data_request" | "customers/redact" | "shop/redact",
      customerId?: number | string,
    ): void;
    uninstallApp(): void;
  };
  /** `operations()`: every bulk query run so far, oldest first (what a test asserts on). */
  bulk: { idle(): Promise<void>; operations(): readonly BulkOperation[] };
  core: SimulatorCore;
  stop(): Promise<void>;
}

const numericId = (v: number | string): number => parseGid(v)?.id ?? NaN;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const core = new SimulatorCore(options);
  const host = options.host ?? "127.0.0.1";
  const http = await startHttp(core, options.port ?? 0, host);
  core.bulk.baseUrl = http.origin;
  const apiVersion = options.apiVersion ?? "2026-07";
  const historyOf = (id: number | string) => core.store.history(customerIndexOf(numericId(id)));
  return {
    url: http.origin,
    shop: core.shop.domain,
    get accessToken() {
      return core.accessToken;
    },
    tokens: { installed: core.tokens.installed, refreshes: () => core.tokens.refreshes },
    apiVersion,
    adminApiUrl: `${http.origin}/admin/api/${apiVersion}/graphql.json`,
    controlUrl: `${http.origin}/_simulator`,
    fetch: simulatorFetch(http.origin),
    clock: {
      now: () => core.clock.date(),
      advance: (by) => core.activity.advanceClock(by instanceof Date ? by.getTime() : by),
    },
    store: core.store,
    activity: core.activity,
    recorded: core.recorder,
    truth: {
      pillars: (asOf) => pillarTruth(core.store, asOf ? asOf.getTime() : core.clock.now()),
      customer: (id, asOf) => {
        const h = historyOf(id);
        return h ? customerTruth(h.customer.id, h.orders, asOf ? asOf.getTime() : core.clock.now()) : null;
      },
      messageOrders: () => messageOrders(core.store),
      conversion: (ids, from, to) => conversionTruth(core.store, ids.map(numericId), from.getTime(), to.getTime()),
    },
    faults: { inject: (s) => core.faults.inject(s), clear: () => core.faults.clear() },
    rateLimit: {
      setPlan: (p) => core.setPlan(p),
      setRestoreRate: (n) => {
        core.bucket.restoreRate = n;
      },
      drain: (to) => core.bucket.drain(to),
      status: () => core.bucket.status(),
    },
    webhooks: {
      configure: (o) => core.webhooks.configure(o),
      subscribe: (url, topics) => core.webhooks.subscribe(url, topics),
      deliveries: core.webhooks.deliveries,
      idle: () => core.webhooks.idle(),
      compliance: (topic, customerId) => {
        if (topic === "shop/redact") core.activity.emit({ topic, at: core.clock.now() });
        else core.activity.emit({ topic, at: core.clock.now(), customerId: numericId(customerId ?? NaN) });
      },
      uninstallApp: () => core.activity.emit({ topic: "app/uninstalled", at: core.clock.now() }),
    },
    bulk: { idle: () => core.bulk.idle(), operations: () => core.bulk.all() },
    core,
    stop: async () => {
      core.webhooks.stop();
      await http.close();
      await core.bulk.idle().catch(() => undefined);
      core.bulk.dispose();
    },
  };
}

export { simulatorFetch, rewriteUrl } from "./fetch";
export { SimulatorCore } from "./core";
export { hmacBase64 } from "./webhooks/dispatcher";
export { adminSchema } from "./graphql/schema";
export { adminDocumentErrors } from "./graphql/validate-document";
export type { TokenResponse } from "./http/tokens";
export type { FaultSpec, Plan, WebhookOptions, Delivery, PillarTruth, CustomerTruth, ConversionTruth, StoreEvent };
export { RETURN_REASONS } from "./store/model";
