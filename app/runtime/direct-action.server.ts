// POST /webhooks goes from Node's HTTP server straight to the route's own action, skipping Express
// and Remix's request pipeline (routing, request conversion, response streaming): at 1,000
// deliveries a second those cost more CPU than the delivery itself (docs/decisions/0081). The
// action is the same module Remix would call, so authenticate.webhook and the intake are unchanged.
import type http from "node:http";
import type { ActionFunction } from "@remix-run/node";
import {
  BodyTooLarge,
  declaresTooMuch,
  readNodeLimited,
  tooLargeResponse,
  WEBHOOK_BODY_LIMIT,
} from "~/runtime/body-limit";

export type DirectRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

// authenticate.webhook reads only these; fewer headers make its header canonicalisation cheaper.
const forwarded = (name: string): boolean => name.startsWith("x-shopify-") || name === "content-type";

// The body is read under the limit here, before anything is buffered for the action (0105).
async function readBody(req: http.IncomingMessage): Promise<Buffer<ArrayBuffer> | Response> {
  if (declaresTooMuch(req.headers["content-length"], WEBHOOK_BODY_LIMIT)) return tooLargeResponse(WEBHOOK_BODY_LIMIT);
  try {
    return await readNodeLimited(req, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLarge) return tooLargeResponse(WEBHOOK_BODY_LIMIT);
    throw error;
  }
}

async function respond(
  action: ActionFunction,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  origin: string,
): Promise<void> {
  const read = await readBody(req);
  let response: unknown;
  if (read instanceof Response) {
    response = read;
  } else {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (forwarded(name) && typeof value === "string") headers.set(name, value);
    }
    // The body was read whole under the limit: the action need not count it again.
    headers.set("content-length", String(read.byteLength));
    const request = new Request(`${origin}${req.url ?? "/"}`, { method: "POST", headers, body: read });
    try {
      response = await action({ request, params: {}, context: {} });
    } catch (thrown) {
      // authenticate.webhook throws Responses (401 bad HMAC, 400, 405); anything else is a failure.
      if (!(thrown instanceof Response)) throw thrown;
      response = thrown;
    }
  }
  if (!(response instanceof Response)) throw new Error("the webhook action must return a Response");
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": String(body.length) });
  res.end(body);
}

/** A handler for POST `path` when the build has that route with an action; else never matches. */
export function directActionRoute(
  action: ActionFunction | undefined,
  path: string,
  origin: string,
  onError: (error: unknown) => void,
): DirectRoute {
  return (req, res) => {
    if (!action || req.method !== "POST" || (req.url ?? "").split("?")[0] !== path) return false;
    respond(action, req, res, origin).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) res.writeHead(500, { "content-length": "0" });
      res.end();
    });
    return true;
  };
}
