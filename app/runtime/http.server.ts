// Express serving the Remix app: the production build, or Vite's dev middleware in development.
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const root = path.resolve(import.meta.dirname, "..", "..");

export async function createHttpServer(options: { dev: boolean }): Promise<{ server: http.Server; close: () => Promise<void> }> {
  const app = express();
  app.disable("x-powered-by");
  let closeVite = async (): Promise<void> => undefined;
  if (options.dev) {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root, server: { middlewareMode: true } });
    closeVite = () => devServer.close();
    app.use(devServer.middlewares);
    app.all("*", createRequestHandler({ build: () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild> }));
  } else {
    const buildPath = path.join(root, "build", "server", "index.js");
    const build = (await import(buildPath)) as ServerBuild;
    app.use("/assets", express.static(path.join(root, "build", "client", "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(root, "build", "client"), { maxAge: "1h" }));
    app.all("*", createRequestHandler({ build }));
  }
  const server = http.createServer(app);
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeVite();
    },
  };
}
