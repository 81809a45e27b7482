// The app over real HTTP for a test: a fresh database, the test environment, and Node's server as
// production fronts it (createNodeServer: direct routes, body limits, timeouts), with deliveries
// signed as Shopify signs them. The webhook, Flow and click-redirect tests share it.
import crypto from "node:crypto";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionFunction } from "@remix-run/node";
import type { DirectRoute } from "~/runtime/webhook-route.server";
import { createTestDatabase, type TestDatabase } from "./database";

const HOST = "127.0.0.1";
const ORIGIN = `http://${HOST}`;
const HMAC_HEADER = "x-shopify-hmac-sha256";

/** What Node's server hands a request to. */
export interface Front {
  /** Tried in order before anything else, as production tries the webhook fast path. */
  routes: DirectRoute[];
  /** Every other request (Express and Remix in production). Default: 418, so no test passes by another path. */
  other?: http.RequestListener;
}

export interface AppHttpOptions {
  /** The app's client secret: SHOPIFY_API_SECRET, and the key deliveries are signed with. */
  secret: string;
  /** X-Shopify-Shop-Domain of a delivery that names none. */
  shop?: string;
  /** More environment over the test defaults (SHOPIFY_ADMIN_ORIGIN, …). */
  env?: Record<string, string>;
  /** Built once the environment is set: the app reads it at import. Default: the webhook fast path alone. */
  serve?: () => Promise<Front>;
}

export interface WebhookOptions {
  shop?: string;
  /** X-Shopify-* headers to add or replace (webhook id, triggered-at, …) over the signed set. */
  headers?: Record<string, string>;
}

export interface AppHttpTestbed {
  /** http://127.0.0.1:port */
  url: string;
  secret: string;
  database: TestDatabase;
  /** For tests that speak raw HTTP to its port or watch its requests. */
  server: http.Server;
  /** POST /webhooks, signed correctly; a wrong signature goes through signWebhook. */
  postWebhook: (topic: string, body: string, options?: WebhookOptions) => Promise<Response>;
  stop: () => Promise<void>;
}

/** Shopify's signature of a webhook (and of a Flow call): base64 HMAC-SHA256 of the raw body. */
export function webhookHmac(secret: string, body: string | Buffer): string {
  return crypto.createHmac("sha256", secret).update(body).digest("base64");
}

/** The headers Shopify sends with `body`, signed with `secret`; `headers` adds or replaces any, the signature included. */
export function signWebhook(
  secret: string,
  topic: string,
  body: string,
  { shop, headers = {} }: { shop: string; headers?: Record<string, string> },
): Record<string, string> {
  return {
    "content-type": "application/json",
    [HMAC_HEADER]: webhookHmac(secret, body),
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": shop,
    "x-shopify-webhook-id": crypto.randomUUID(),
    "x-shopify-event-id": crypto.randomUUID(),
    "x-shopify-api-version": "2026-07",
    "x-shopify-triggered-at": new Date().toISOString(),
    // Lower-cased so that a replacement replaces instead of being sent as a second value.
    ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
  };
}

/** A signed delivery as a Request, for tests that hand it to the route or the library directly. */
export function webhookRequest(
  secret: string,
  topic: string,
  body: string,
  options: { shop: string; headers?: Record<string, string> },
): Request {
  return new Request(`${ORIGIN}:3000/webhooks`, {
    method: "POST",
    body,
    headers: signWebhook(secret, topic, body, options),
  });
}

// A failure behind a route fails the test run instead of becoming a quiet 500.
const rethrow = (error: unknown): never => {
  throw error;
};

/** POST /webhooks to the production fast path (webhookRoute → acceptWebhook). */
export async function webhookFastPath(): Promise<DirectRoute> {
  const { webhookRoute } = await import("~/runtime/webhook-route.server");
  const { acceptWebhook } = await import("~/ingest/webhook-accept.server");
  return webhookRoute(acceptWebhook, "/webhooks", ORIGIN, rethrow);
}

/** POST `path` handed to a Remix route's action as a Request. */
export async function actionRoute(path: string, action: ActionFunction): Promise<DirectRoute> {
  const { directActionRoute } = await import("~/runtime/direct-action.server");
  return directActionRoute(action, path, ORIGIN, rethrow);
}

export async function appHttpTestbed(options: AppHttpOptions): Promise<AppHttpTestbed> {
  const database = await createTestDatabase();
  let server: http.Server | undefined;
  const stop = async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await (await import("~/db.server")).closeDatabases();
    await database.drop();
  };
  try {
    Object.assign(process.env, {
      RAPPORT_MODE: "test",
      SHOPIFY_API_KEY: "testbed-key",
      SHOPIFY_API_SECRET: options.secret,
      DATABASE_URL: database.url,
      LOG_LEVEL: "error",
      ...options.env,
    });
    const { createNodeServer } = await import("~/runtime/http.server");
    const front: Front = options.serve ? await options.serve() : { routes: [await webhookFastPath()] };
    const listening = createNodeServer(
      (req, res) => front.routes.some((route) => route(req, res)),
      front.other ?? ((_req, res) => res.writeHead(418).end()),
    );
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, HOST, resolve));
    const url = `${ORIGIN}:${(listening.address() as AddressInfo).port}`;
    const defaultShop = options.shop ?? "testbed.myshopify.com";
    return {
      url,
      secret: options.secret,
      database,
      server: listening,
      postWebhook: (topic, body, { shop = defaultShop, headers = {} } = {}) => {
        if (Object.keys(headers).some((name) => name.toLowerCase() === HMAC_HEADER))
          throw new Error("postWebhook signs the body itself: send a wrong signature through signWebhook");
        return fetch(`${url}/webhooks`, {
          method: "POST",
          body,
          headers: signWebhook(options.secret, topic, body, { shop, headers }),
        });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
