// Delivers webhooks like Shopify: POST with the X-Shopify-* headers and an HMAC of the raw
// body, retried with backoff on non-2xx or network failure; optionally duplicated or delayed
// so deliveries arrive out of order.
import { createHmac, randomUUID } from "node:crypto";
import { Rng } from "../util/rng";
import { DEFAULT_EXAMPLE_VERSION } from "./examples";

/** The webhook API versions whose payloads the simulator shapes exactly (payloads.ts). */
export const WEBHOOK_VERSIONS: readonly string[] = [DEFAULT_EXAMPLE_VERSION];

function servedVersion(version: string): string {
  if (!WEBHOOK_VERSIONS.includes(version))
    throw new Error(`the simulator sends webhooks only in API version ${WEBHOOK_VERSIONS.join(", ")}, not ${version}`);
  return version;
}

export interface WebhookSubscription {
  topic: string;
  url: string;
}

export interface WebhookOptions {
  /** The app's client secret (HMAC key). */
  secret?: string;
  subscriptions?: WebhookSubscription[];
  /** X-Shopify-API-Version header (default 2026-07). */
  apiVersion?: string;
  /** Delay before each retry; its length is the number of retries (Shopify: 8 over 4 hours). */
  retryDelaysMs?: number[];
  /** Probability that a delivered webhook is delivered a second time (same webhook id). */
  duplicateProbability?: number;
  /** Random extra delay in [0, outOfOrderMaxMs) before the first attempt, shuffling arrival order. */
  outOfOrderMaxMs?: number;
  /** Per-attempt timeout (default 5000 ms, as Shopify). */
  timeoutMs?: number;
}

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error?: string;
}
export interface Delivery {
  webhookId: string;
  eventId: string;
  topic: string;
  url: string;
  body: string;
  triggeredAt: string;
  attempts: DeliveryAttempt[];
  state: "pending" | "delivered" | "failed";
  duplicate: boolean;
}

export const hmacBase64 = (body: string, secret: string): string =>
  createHmac("sha256", secret).update(body, "utf8").digest("base64");

export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private inFlight = 0;
  private timers = new Set<NodeJS.Timeout>();
  private counter = 0;
  private stopped = false;
  options: Required<Omit<WebhookOptions, "subscriptions">> & { subscriptions: WebhookSubscription[] };

  constructor(
    private shopDomain: string,
    private seed: number,
    options: WebhookOptions = {},
  ) {
    this.options = {
      secret: options.secret ?? "simulator-secret",
      subscriptions: [...(options.subscriptions ?? [])],
      apiVersion: servedVersion(options.apiVersion ?? DEFAULT_EXAMPLE_VERSION),
      retryDelaysMs: options.retryDelaysMs ?? [
        60_000, 120_000, 300_000, 600_000, 1_200_000, 2_400_000, 3_600_000, 6_000_000,
      ],
      duplicateProbability: options.duplicateProbability ?? 0,
      outOfOrderMaxMs: options.outOfOrderMaxMs ?? 0,
      timeoutMs: options.timeoutMs ?? 5_000,
    };
  }

  configure(options: WebhookOptions): void {
    const { subscriptions, ...rest } = options;
    if (rest.apiVersion !== undefined) servedVersion(rest.apiVersion);
    Object.assign(this.options, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
    if (subscriptions) this.options.subscriptions = [...subscriptions];
  }

  subscribe(url: string, topics: string[]): void {
    for (const topic of topics)
      if (!this.options.subscriptions.some((s) => s.topic === topic && s.url === url))
        this.options.subscriptions.push({ topic, url });
  }

  hasSubscriber(topic: string): boolean {
    return this.options.subscriptions.some((s) => s.topic === topic);
  }

  /** Queues one delivery per subscription to the topic; returns them. */
  send(topic: string, payload: unknown, triggeredAt: Date, force?: { url: string }): Delivery[] {
    const body = JSON.stringify(payload);
    const eventId = randomUUID();
    const targets = force ? [{ topic, url: force.url }] : this.options.subscriptions.filter((s) => s.topic === topic);
    return targets.map((s) => {
      const delivery: Delivery = {
        webhookId: randomUUID(),
        eventId,
        topic,
        url: s.url,
        body,
        triggeredAt: triggeredAt.toISOString(),
        attempts: [],
        state: "pending",
        duplicate: false,
      };
      this.deliveries.push(delivery);
      const rng = new Rng(this.seed, "webhook", this.counter++);
      const delay = this.options.outOfOrderMaxMs > 0 ? Math.floor(rng.next() * this.options.outOfOrderMaxMs) : 0;
      this.schedule(delivery, delay, rng.chance(this.options.duplicateProbability));
      return delivery;
    });
  }

  private schedule(d: Delivery, delayMs: number, duplicateAfter: boolean): void {
    this.inFlight++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(d, duplicateAfter).finally(() => this.inFlight--);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(d: Delivery, duplicateAfter: boolean): Promise<void> {
    if (this.stopped) return;
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(d.url, {
        method: "POST",
        body: d.body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": d.topic,
          "X-Shopify-Hmac-Sha256": hmacBase64(d.body, this.options.secret),
          "X-Shopify-Shop-Domain": this.shopDomain,
          "X-Shopify-API-Version": this.options.apiVersion,
          "X-Shopify-Webhook-Id": d.webhookId,
          "X-Shopify-Event-Id": d.eventId,
          "X-Shopify-Triggered-At": d.triggeredAt,
        },
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = (e as Error).message;
    }
    d.attempts.push({ at: new Date().toISOString(), status, ...(error ? { error } : {}) });
    if (status !== null && status >= 200 && status < 300) {
      if (d.state !== "delivered") d.state = "delivered";
      if (duplicateAfter && !this.stopped) {
        d.duplicate = true;
        this.schedule(d, 1, false);
      }
      return;
    }
    const retry = d.attempts.length - 1;
    if (retry < this.options.retryDelaysMs.length && !this.stopped)
      this.schedule(d, this.options.retryDelaysMs[retry], duplicateAfter);
    else d.state = "failed";
  }

  /** Resolves when nothing is queued or in flight (retries included). */
  async idle(): Promise<void> {
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.inFlight = 0;
  }
}
