import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "~/runtime/app-context.server";
import { headerProblem } from "~/ingest/rules/webhook-guard";
import { IntakeFull } from "~/ingest/webhook-intake.server";
import { receiveWebhook } from "~/ingest/webhooks.server";
import {
  BodyTooLarge,
  declaresLength,
  declaresTooMuch,
  readLimited,
  tooLargeResponse,
  WEBHOOK_BODY_LIMIT,
} from "~/runtime/body-limit";
import { authenticate } from "~/shopify.server";

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });

// Every topic (shopify.app.toml points them all here). The body is read under a byte limit and
// the headers bounded before authenticate.webhook (401 on a bad HMAC, 400/405 on malformed
// requests); the work itself is queued so Shopify gets a fast 200, or a 503 when the backlog is full.
export const action = async ({ request }: ActionFunctionArgs) => {
  const declared = request.headers.get("content-length");
  if (declaresTooMuch(declared, WEBHOOK_BODY_LIMIT)) return tooLargeResponse(WEBHOOK_BODY_LIMIT);
  // A declared length within the limit bounds the body already: Node's HTTP parser frames the body
  // by it (and refuses it beside Transfer-Encoding), so authenticate.webhook reads the request
  // itself. A body of unknown length is counted here first (0105).
  let delivery = request;
  if (!declaresLength(declared)) {
    let body: Buffer<ArrayBuffer>;
    try {
      body = await readLimited(request.body, WEBHOOK_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLarge) return tooLargeResponse(WEBHOOK_BODY_LIMIT);
      throw error;
    }
    delivery = new Request(request.url, { method: request.method, headers: request.headers, body });
  }
  const problem = headerProblem((name) => request.headers.get(name));
  if (problem) return plain(400, problem);
  const webhook = await authenticate.webhook(delivery);
  try {
    const outcome = await receiveWebhook(await appContext(), {
      topic: webhook.topic,
      shop: webhook.shop,
      webhookId: webhook.webhookId,
      eventId: webhook.eventId,
      triggeredAt: webhook.triggeredAt,
      apiVersion: webhook.apiVersion,
      payload: webhook.payload,
    });
    if (typeof outcome === "object") return plain(outcome.status, outcome.reason);
  } catch (error) {
    if (error instanceof IntakeFull) return plain(503, "Busy: retry later", { "retry-after": "5" });
    throw error;
  }
  return new Response(null, { status: 200 });
};
