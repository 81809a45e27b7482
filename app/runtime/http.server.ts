// Express serving the Remix app: the production build, or Vite's dev middleware in development.
// In production POST /webhooks bypasses Express and Remix's pipeline (webhook-route.server.ts).
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { GENERAL_BODY_LIMIT, guardBody, WEBHOOK_BODY_LIMIT } from "~/runtime/body-limit";
import { webhookRoute, type AcceptWebhook, type DirectRoute } from "~/runtime/webhook-route.server";

const root = path.resolve(import.meta.dirname, "..", "..");

// Slow clients (slowloris) cannot hold a request open: headers within 10 s, the whole request
// within 30 s (Shopify itself gives up on a webhook after 5 s), idle keep-alive closed after 5 s (0106).
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Node's server in front of everything: the direct webhook route, body limits, timeouts. */
export function createNodeServer(direct: DirectRoute, app: http.RequestListener): http.Server {
  // Node enforces the two request timeouts on a sweep; the default sweep (30 s) would triple them.
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    if (direct(req, res)) return;
    // Dev serves /webhooks through Remix: its action counts chunked bodies itself.
    const webhook = (req.url ?? "").split("?")[0] === "/webhooks";
    if (guardBody(req, res, webhook ? WEBHOOK_BODY_LIMIT : GENERAL_BODY_LIMIT, webhook)) app(req, res);
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

// The build's own acceptWebhook (app/entry.server.tsx exports it): the intake and app context
// live in the build's module graph, not this file's.
export function acceptFrom(build: Pick<ServerBuild, "entry">): AcceptWebhook | undefined {
  const accept: unknown = Reflect.get(build.entry.module, "acceptWebhook");
  return typeof accept === "function" ? (accept as AcceptWebhook) : undefined;
}

export interface HttpServerOptions {
  dev: boolean;
  /** Public origin of the app, for the URL of requests handed to a route directly. */
  appUrl: string;
  onError: (error: unknown) => void;
}

export async function createHttpServer(
  options: HttpServerOptions,
): Promise<{ server: http.Server; close: () => Promise<void> }> {
  const app = express();
  let direct: DirectRoute = () => false;
  app.disable("x-powered-by");
  let closeVite = async (): Promise<void> => undefined;
  if (options.dev) {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root, server: { middlewareMode: true } });
    closeVite = () => devServer.close();
    app.use(devServer.middlewares);
    app.all(
      "*",
      createRequestHandler({
        build: () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      }),
    );
  } else {
    const buildPath = path.join(root, "build", "server", "index.js");
    const build = (await import(buildPath)) as ServerBuild;
    app.use("/assets", express.static(path.join(root, "build", "client", "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(root, "build", "client"), { maxAge: "1h" }));
    app.all("*", createRequestHandler({ build }));
    direct = webhookRoute(acceptFrom(build), "/webhooks", new URL(options.appUrl).origin, options.onError);
  }
  const server = createNodeServer(direct, app);
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeVite();
    },
  };
}
