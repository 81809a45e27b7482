import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhook } from "~/ingest/webhook-accept.server";
import { BodyTooLarge, declaresTooMuch, readLimited, tooLargeResponse, WEBHOOK_BODY_LIMIT } from "~/runtime/body-limit";

// Every topic (shopify.app.toml points them all here). In production Node's server hands POST
// /webhooks to acceptWebhook directly (app/runtime/webhook-route.server.ts); this action is the
// same path for dev: the body read under a byte limit (0105), then acceptWebhook (headers bounded,
// the library's HMAC check, the intake; 200 once the delivery is committed, 503 when the backlog is full).
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response(null, { status: 405 });
  if (declaresTooMuch(request.headers.get("content-length"), WEBHOOK_BODY_LIMIT))
    return tooLargeResponse(WEBHOOK_BODY_LIMIT);
  let body: Buffer;
  try {
    body = await readLimited(request.body, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLarge) return tooLargeResponse(WEBHOOK_BODY_LIMIT);
    throw error;
  }
  const answer = await acceptWebhook(request.url, (name) => request.headers.get(name), body);
  return new Response(answer.text || null, {
    status: answer.status,
    headers: answer.text ? { "content-type": "text/plain; charset=utf-8", ...answer.headers } : answer.headers,
  });
};
