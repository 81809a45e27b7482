// One webhook delivery from its raw parts to its answer, shared by the production fast path
// (app/runtime/webhook-route.server.ts, straight from Node's HTTP server) and the Remix route
// (dev): headers bounded (0107), the library's HMAC check (401), the body parsed once, then the
// intake, which answers only once the delivery row is committed (0080); 503 when its backlog
// is full (0106). The body is stored as received, not re-serialised (docs/decisions/0218).
import { GUARDED_TOPICS, headerProblem } from "~/ingest/rules/webhook-guard";
import { normaliseTopic } from "~/ingest/webhook-handlers.server";
import { IntakeFull } from "~/ingest/webhook-intake.server";
import { receiveWebhook } from "~/ingest/webhooks.server";
import { appContext } from "~/runtime/app-context.server";
import { checkWebhook } from "~/shopify/webhook-hmac.server";

export interface WebhookAnswer {
  status: number;
  text: string;
  headers?: Record<string, string>;
}

/** Reads one request header (lower-case name); null when absent. */
export type HeaderOf = (name: string) => string | null;

const answer = (status: number, text: string, headers?: Record<string, string>): WebhookAnswer => ({
  status,
  text,
  headers,
});

// What the library requires. Its header handling costs grow with the square of the header count
// (every lookup canonicalises every name), so the optional ones it would only echo back (event id,
// trigger time) are read here instead, after headerProblem has bounded them.
const REQUIRED_HEADERS = [
  "x-shopify-hmac-sha256",
  "x-shopify-topic",
  "x-shopify-shop-domain",
  "x-shopify-api-version",
  "x-shopify-webhook-id",
];

/**
 * The body as JSON where the intake needs it: the guarded topics' verdict reads the shop it names.
 * Other bodies are stored as text unparsed (the job parses them); a signed body that is not a
 * JSON object there is ignored by the job. Cheap shape check here; null when refused.
 */
function bodyFor(topic: string, text: string): { value: unknown } | null {
  if (!GUARDED_TOPICS.has(topic)) {
    const trimmed = text.trim();
    return trimmed.startsWith("{") && trimmed.endsWith("}") ? { value: undefined } : null;
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/** The answer to one POST /webhooks whose body (`raw`, whole, under the limit) has been read. */
export async function acceptWebhook(url: string, header: HeaderOf, raw: Buffer): Promise<WebhookAnswer> {
  const problem = headerProblem(header);
  if (problem) return answer(400, problem);
  const headers = new Headers();
  for (const name of REQUIRED_HEADERS) {
    const value = header(name);
    if (value !== null) headers.set(name, value);
  }
  const body = raw.toString("utf8");
  const check = await checkWebhook(url, headers, body);
  if (!check.valid) return answer(check.status, check.status === 401 ? "Unauthorized" : "Bad Request");
  const parsed = bodyFor(normaliseTopic(check.topic), body);
  if (!parsed) return answer(400, "Body must be a JSON object");
  try {
    const outcome = await receiveWebhook(await appContext(), {
      topic: check.topic,
      shop: check.shop,
      webhookId: check.webhookId,
      eventId: header("x-shopify-event-id"),
      triggeredAt: header("x-shopify-triggered-at"),
      apiVersion: check.apiVersion,
      payload: parsed.value,
      body,
    });
    if (typeof outcome === "object") return answer(outcome.status, outcome.reason);
  } catch (error) {
    if (error instanceof IntakeFull) return answer(503, "Busy: retry later", { "retry-after": "5" });
    throw error;
  }
  return answer(200, "");
}
