// What a webhook delivery must show before the app acts on it (docs/decisions/0107, 0108).
// Shopify's HMAC signs only the body: topic, shop, ids and times are headers anyone holding one
// signed body can rewrite. So headers are bounded before use, and the topics that erase or end
// a shop's data act only when the signed body names the same shop as the header.

/** Erase or end a shop's (or a customer's) data: the body must name the header's shop. */
export const GUARDED_TOPICS: ReadonlySet<string> = new Set([
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
]);

/** Shopify retries a failed delivery 8 times over 4 hours; older deliveries of guarded topics are stale. */
export const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

const SHOP = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;
const TOPIC = /^[A-Za-z0-9_]{1,40}([./][A-Za-z0-9_]{1,40}){0,3}$/;
const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const API_VERSION = /^(\d{4}-\d{2}|unstable)$/;

/** A header's problem, or null when the delivery's headers can be used. */
export function headerProblem(get: (name: string) => string | null): string | null {
  const shop = get("x-shopify-shop-domain");
  if (!shop || !SHOP.test(shop)) return "X-Shopify-Shop-Domain must be a shop's myshopify.com domain";
  const topic = get("x-shopify-topic");
  if (!topic || !TOPIC.test(topic)) return "X-Shopify-Topic must be a topic such as orders/create";
  const id = get("x-shopify-webhook-id");
  if (!id || !ID.test(id)) return "X-Shopify-Webhook-Id must be 1-128 letters, digits or ._:-";
  const event = get("x-shopify-event-id");
  if (event !== null && !ID.test(event)) return "X-Shopify-Event-Id must be 1-128 letters, digits or ._:-";
  const version = get("x-shopify-api-version");
  if (version !== null && !API_VERSION.test(version)) return "X-Shopify-API-Version must look like 2026-07";
  const triggered = get("x-shopify-triggered-at");
  if (triggered !== null && (triggered.length > 40 || Number.isNaN(Date.parse(triggered))))
    return "X-Shopify-Triggered-At must be an ISO 8601 time";
  return null;
}

export type Verdict = { act: true } | { act: false; status: 200 | 400; reason: string };

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The shop a guarded topic's signed body names: shop_domain (privacy topics) or the shop object's myshopify_domain. */
export function payloadShop(topic: string, payload: unknown): string | null {
  if (typeof payload !== "object" || payload === null) return null;
  const body = payload as Record<string, unknown>;
  if (topic === "app/uninstalled") return text(body.myshopify_domain) ?? text(body.domain);
  return text(body.shop_domain);
}

/**
 * Whether to act on a delivery of `topic` for `shop`. `now` null skips the age check (a job
 * already accepted is not refused for having waited in the queue).
 */
export function deliveryVerdict(input: {
  topic: string;
  shop: string;
  payload: unknown;
  triggeredAt: string | null;
  now: Date | null;
}): Verdict {
  if (!GUARDED_TOPICS.has(input.topic)) return { act: true };
  const named = payloadShop(input.topic, input.payload);
  if (named !== input.shop)
    return {
      act: false,
      status: 400,
      reason: `${input.topic}: the body names shop ${JSON.stringify(named)}, not ${input.shop}`,
    };
  if (input.now === null) return { act: true };
  const at = input.triggeredAt === null ? Number.NaN : Date.parse(input.triggeredAt);
  if (Number.isNaN(at))
    return { act: false, status: 400, reason: `${input.topic}: X-Shopify-Triggered-At is required` };
  if (input.now.getTime() - at > STALE_AFTER_MS)
    return { act: false, status: 200, reason: `${input.topic}: stale delivery (triggered ${input.triggeredAt})` };
  return { act: true };
}
