// The simulator's parts wired together (no HTTP): store, clock, activity, recorder, bulk
// runner, cost bucket, faults and webhook dispatcher.
import { Store } from "./store/store";
import { Clock } from "./store/clock";
import { Activity, type Effect } from "./store/activity";
import { Recorder } from "./store/recorder";
import type { StoreEvent } from "./store/events";
import { BulkRunner } from "./bulk/runner";
import { CostBucket, PLAN_NAMES, RESTORE_RATES, type Plan } from "./http/rate-limit";
import { Faults } from "./http/faults";
import { WebhookDispatcher, type WebhookOptions } from "./webhooks/dispatcher";
import { adminSchema, schemaVersion } from "./http/schema-version";
import type { GqlContext, ShopInfo } from "./graphql/context";
import { customerStats, customerUpdatedAt } from "./store/visible";
import {
  customerBody,
  customerDeleteBody,
  emailConsentBody,
  orderBody,
  orderEditBody,
  productBody,
  purchasingSummaryBody,
  refundBody,
  returnBody,
  shopBody,
  smsConsentBody,
  tagsBody,
  type ShopFacts,
} from "./webhooks/payloads";
import { customerIndexOf, gid } from "./util/ids";
import { TokenAuthority, type TokenOptions } from "./http/tokens";
import { SimulatedFlow } from "./flow/flow";

export interface CoreOptions {
  customers?: number;
  seed?: number;
  now?: string | Date | number;
  shop?: string;
  accessToken?: string;
  plan?: Plan;
  flowTriggerHandles?: string[];
  webhooks?: WebhookOptions;
  effect?: Effect;
  futureDays?: number;
  /** Minimum time a bulk operation stays RUNNING (default 0). */
  bulkMinDurationMs?: number;
  /** The demo's store lives in real time: store activity first brings the clock up to the wall clock. */
  realtime?: boolean;
  /** Access-token lifetime, refresh-token lifetime, client credentials (http/tokens.ts). */
  tokens?: Omit<TokenOptions, "accessToken">;
}

export const DEFAULT_NOW = "2026-11-29T00:00:00.000Z";

const toMs = (v: string | Date | number): number => (typeof v === "number" ? v : new Date(v).getTime());

export class SimulatorCore {
  readonly store: Store;
  readonly clock: Clock;
  readonly activity: Activity;
  readonly recorder = new Recorder();
  readonly faults = new Faults();
  readonly bucket: CostBucket;
  readonly bulk: BulkRunner;
  readonly webhooks: WebhookDispatcher;
  /** Flow's lifecycle callbacks and action calls to the app, and Shopify Email behind the trigger. */
  readonly flow: SimulatedFlow;
  readonly shop: ShopInfo;
  /** Issues, expires and rotates the app's offline tokens on the simulator clock. */
  readonly tokens: TokenAuthority;
  readonly seed: number;
  flowHandles: string[];
  plan: Plan;
  /** Settable: the demo replays its past on the simulated clock, then turns real time on. */
  realtime: boolean;

  constructor(options: CoreOptions = {}) {
    this.seed = options.seed ?? 1;
    this.realtime = options.realtime ?? false;
    const now = toMs(options.now ?? DEFAULT_NOW);
    this.store = new Store({
      seed: this.seed,
      customers: options.customers ?? 200,
      now,
      futureDays: options.futureDays,
    });
    this.clock = new Clock(now);
    this.activity = new Activity(this.store, this.clock, this.seed, options.effect ?? null);
    this.plan = options.plan ?? "standard";
    this.bucket = new CostBucket(RESTORE_RATES[this.plan]);
    const domain = options.shop ?? "rapport-sim.myshopify.com";
    this.shop = { name: domain.split(".")[0], domain, email: `owner@${domain}`, plan: PLAN_NAMES[this.plan] };
    this.tokens = new TokenAuthority(this.clock, {
      ...options.tokens,
      accessToken: options.accessToken ?? "shpat_simulator_token",
    });
    this.flowHandles = options.flowTriggerHandles ?? ["rapport-message"];
    this.flow = new SimulatedFlow(this.shop, () => this.clock.now());
    this.webhooks = new WebhookDispatcher(domain, this.seed, options.webhooks);
    this.bulk = new BulkRunner(
      () => adminSchema(schemaVersion("2026-07")),
      () => this.context("2026-07"),
      (op) => this.activity.emit({ topic: "bulk_operations/finish", at: this.clock.now(), bulkOperationId: op.id }),
    );
    this.bulk.minDurationMs = options.bulkMinDurationMs ?? 0;
    this.activity.onEvent((e) => this.deliver(e));
  }

  /** The access token active now (a refresh replaces it). */
  get accessToken(): string {
    return this.tokens.currentAccessToken;
  }

  context(apiVersion: string): GqlContext {
    return {
      store: this.store,
      at: this.clock.now(),
      shop: this.shop,
      activity: this.activity,
      bulk: this.bulk,
      recorder: this.recorder,
      apiVersion,
      flowHandles: this.flowHandles,
      flow: this.flow,
      scopes: this.tokens.scope.split(",").map((s) => s.trim()),
    };
  }

  setPlan(plan: Plan): void {
    this.plan = plan;
    this.bucket.restoreRate = RESTORE_RATES[plan];
    this.shop.plan = PLAN_NAMES[plan];
  }

  get shopFacts(): ShopFacts {
    return { id: 1, name: this.shop.name, domain: this.shop.domain, email: this.shop.email, plan: this.shop.plan };
  }

  /** The webhook body for an event, shaped as Shopify's REST payload for its topic. */
  body(event: StoreEvent): Record<string, unknown> | null {
    const at = Math.max(event.at, this.clock.now());
    switch (event.topic) {
      case "orders/create":
      case "orders/updated":
      case "orders/paid":
      case "orders/cancelled": {
        const o = this.store.order(event.orderId);
        if (!o) return null;
        return orderBody(
          event.topic,
          o,
          o.customerId === null ? null : this.store.customer(o.customerId),
          event.at,
          this.shopFacts,
        );
      }
      case "orders/edited": {
        const o = this.store.order(event.orderId);
        const e = o?.edits?.find((x) => x.id === event.editId);
        return o && e ? orderEditBody(o, e) : null;
      }
      case "refunds/create": {
        const o = this.store.order(event.orderId);
        const r = o?.refunds.find((x) => x.id === event.refundId);
        return o && r ? refundBody(o, r) : null;
      }
      case "returns/request":
      case "returns/approve":
      case "returns/decline":
      case "returns/close": {
        const o = this.store.order(event.orderId);
        const r = o?.returns.find((x) => x.id === event.returnId);
        return o && r ? returnBody(event.topic, o, r, event.at) : null;
      }
      case "customers/create":
      case "customers/update": {
        const h = this.store.history(customerIndexOf(event.customerId));
        if (!h) return null;
        return customerBody(event.topic, h.customer, customerUpdatedAt(h.customer, h.orders, at));
      }
      case "customers/delete":
        return customerDeleteBody(event.customerId);
      case "customers_email_marketing_consent/update":
      case "customers_marketing_consent/update": {
        const h = this.store.history(customerIndexOf(event.customerId));
        if (!h) return null;
        return event.topic === "customers_marketing_consent/update"
          ? smsConsentBody(h.customer, event.at)
          : emailConsentBody(h.customer);
      }
      case "customer.tags_added":
      case "customer.tags_removed":
        return tagsBody(event.topic, event.customerId, event.tags, event.at);
      case "customers/purchasing_summary": {
        const h = this.store.history(customerIndexOf(event.customerId));
        if (!h) return null;
        const stats = customerStats(h.orders, at);
        return purchasingSummaryBody(
          event.customerId,
          { count: stats.count, spentCents: stats.spentCents, lastOrderId: stats.lastOrder?.id ?? null },
          event.at,
        );
      }
      case "products/update": {
        const p = this.store.product(event.productId);
        return p ? productBody(p, event.at) : null;
      }
      case "app/uninstalled":
        return shopBody(this.shopFacts);
      case "shop/redact":
        return { shop_id: 1, shop_domain: this.shop.domain };
      case "bulk_operations/finish": {
        const op = this.bulk.get(event.bulkOperationId);
        if (!op) return null;
        return {
          admin_graphql_api_id: gid("BulkOperation", op.id),
          completed_at: op.completedAt === null ? null : new Date(op.completedAt).toISOString(),
          created_at: new Date(op.createdAt).toISOString(),
          error_code: op.errorCode?.toLowerCase() ?? null,
          status: op.status.toLowerCase(),
          type: "query",
        };
      }
      case "customers/data_request":
      case "customers/redact": {
        const h = this.store.history(customerIndexOf(event.customerId));
        if (!h) return null;
        const orderIds = h.orders.filter((o) => o.customerId !== null && o.processedAt <= at).map((o) => o.id);
        const customer = { id: h.customer.id, email: h.customer.email, phone: h.customer.phone };
        return event.topic === "customers/redact"
          ? { shop_id: 1, shop_domain: this.shop.domain, customer, orders_to_redact: orderIds }
          : {
              shop_id: 1,
              shop_domain: this.shop.domain,
              customer,
              orders_requested: orderIds,
              data_request: { id: 9000 + this.webhooks.deliveries.length },
            };
      }
    }
  }

  private deliver(event: StoreEvent): void {
    if (!this.webhooks.hasSubscriber(event.topic)) return;
    const body = this.body(event);
    if (body) this.webhooks.send(event.topic, body, new Date(event.at));
  }
}
