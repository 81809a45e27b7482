// POST /webhooks goes from Node's HTTP server straight to acceptWebhook, skipping Express and
// Remix (routing, request conversion, response streaming) and authenticate.webhook's session load
// and admin client, none of which a delivery uses: at 1,000 deliveries a second those cost more
// CPU than the delivery itself (docs/decisions/0081, 0218). The checks are the same module the
// Remix route calls (app/ingest/webhook-accept.server.ts), with the library's HMAC check.
import type http from "node:http";
import type { HeaderOf, WebhookAnswer } from "~/ingest/webhook-accept.server";
import { BodyTooLarge, declaresTooMuch, readNodeLimited, WEBHOOK_BODY_LIMIT } from "~/runtime/body-limit";

export type DirectRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
export type AcceptWebhook = (url: string, header: HeaderOf, raw: Buffer) => Promise<WebhookAnswer>;

function send(res: http.ServerResponse, answer: WebhookAnswer): void {
  const body = Buffer.from(answer.text);
  res.writeHead(answer.status, {
    ...(body.length > 0 ? { "content-type": "text/plain; charset=utf-8" } : {}),
    ...answer.headers,
    "content-length": String(body.length),
  });
  res.end(body);
}

const tooLarge = (): WebhookAnswer => ({
  status: 413,
  text: `Request body larger than ${WEBHOOK_BODY_LIMIT} bytes`,
  // Node destroys the socket once the answer is out: the rest of the body is never read.
  headers: { connection: "close" },
});

// The body is read under the limit here, before anything is buffered (0105).
async function respond(accept: AcceptWebhook, req: http.IncomingMessage, url: string): Promise<WebhookAnswer> {
  if (declaresTooMuch(req.headers["content-length"], WEBHOOK_BODY_LIMIT)) return tooLarge();
  let raw: Buffer;
  try {
    raw = await readNodeLimited(req, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLarge) return tooLarge();
    throw error;
  }
  const headers = req.headers;
  // Node joins a repeated header with ", " (set-cookie aside, which no delivery sends).
  return accept(
    url,
    (name) => {
      const value = headers[name];
      return typeof value === "string" ? value : null;
    },
    raw,
  );
}

/** A handler for POST `path` when the build exports the webhook intake; else never matches. */
export function webhookRoute(
  accept: AcceptWebhook | undefined,
  path: string,
  origin: string,
  onError: (error: unknown) => void,
): DirectRoute {
  return (req, res) => {
    if (!accept || req.method !== "POST" || (req.url ?? "").split("?")[0] !== path) return false;
    respond(accept, req, `${origin}${req.url ?? "/"}`).then(
      (answer) => send(res, answer),
      (error: unknown) => {
        onError(error);
        if (!res.headersSent) res.writeHead(500, { "content-length": "0" });
        res.end();
      },
    );
    return true;
  };
}
