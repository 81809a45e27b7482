// The HTTP front: Shopify's Admin GraphQL path, bulk result files, and the /_simulator control API.
import http from "node:http";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import type { SimulatorCore } from "../core";
import { operationNameOf, runAdminGraphql, type GraphqlBody } from "./admin";
import { handleControl } from "./control";

const GRAPHQL_PATH = /^\/admin\/api\/([\w-]+)\/graphql\.json$/;

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The token endpoint takes JSON (as @shopify/shopify-api sends) or a form body (as OAuth clients send). */
function parseTokenRequest(raw: string, contentType: string): Record<string, unknown> | undefined {
  if (contentType.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startHttp(
  core: SimulatorCore,
  port: number,
  host: string,
): Promise<{ server: http.Server; origin: string; close: () => Promise<void> }> {
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    handle(core, req, res, hanging).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: (e as Error).message });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  const origin = `http://${host}:${address.port}`;
  return {
    server,
    origin,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(
  core: SimulatorCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  hanging: Set<http.ServerResponse>,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://simulator");
  const gql = GRAPHQL_PATH.exec(url.pathname);
  if (gql) {
    if (req.method !== "POST") return send(res, 405, { errors: "Method Not Allowed" });
    const token = req.headers["x-shopify-access-token"];
    if (!core.tokens.accepts(typeof token === "string" ? token : undefined)) {
      return send(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
    const raw = await readBody(req);
    let body: GraphqlBody;
    try {
      body = JSON.parse(raw) as GraphqlBody;
    } catch {
      return send(res, 400, { errors: "Bad Request" });
    }
    const operationName = operationNameOf(body);
    const fault = core.faults.take(operationName);
    if (fault?.kind === "error") {
      core.recorder.noteOperation({ at: core.clock.now(), operationName, status: "fault" });
      return send(res, fault.status ?? 500, { errors: "Internal Server Error" });
    }
    if (fault?.kind === "timeout") {
      core.recorder.noteOperation({ at: core.clock.now(), operationName, status: "fault" });
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    // In real time a query answers as of now, and a Flow trigger (whose message effect places an
    // order after it) happens now, not at the last clock tick another request left.
    if (core.realtime && core.clock.now() < Date.now()) core.activity.advanceClock(Date.now());
    const result = await runAdminGraphql(body, gql[1], core.context(gql[1]), core.bucket);
    core.recorder.noteOperation({ at: core.clock.now(), operationName, status: result.outcome });
    return send(res, result.status, result.body, { "X-Request-Id": `sim-${Date.now()}` });
  }
  if (url.pathname === "/admin/oauth/access_token") {
    if (req.method !== "POST") return send(res, 405, { errors: "Method Not Allowed" });
    // In real time a refresh happens now, not at the last clock tick.
    if (core.realtime && core.clock.now() < Date.now()) core.activity.advanceClock(Date.now());
    const input = parseTokenRequest(await readBody(req), String(req.headers["content-type"] ?? ""));
    if (!input)
      return send(res, 400, { error: "invalid_request", error_description: "The request body is not JSON or a form." });
    const answer = core.tokens.refresh(input);
    return "status" in answer ? send(res, answer.status, answer.body) : send(res, 200, answer);
  }
  const bulk = /^\/_simulator\/bulk\/(\d+)\.jsonl$/.exec(url.pathname);
  if (bulk && req.method === "GET") {
    const file = core.bulk.fileFor(Number(bulk[1]));
    if (!file) return send(res, 404, { errors: "Not Found" });
    res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
    return;
  }
  if (url.pathname === "/_simulator" || url.pathname.startsWith("/_simulator/")) {
    const raw = req.method === "GET" ? "" : await readBody(req);
    let input: Record<string, unknown>;
    try {
      input = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { error: "invalid JSON" });
    }
    try {
      const out = await handleControl(
        core,
        req.method ?? "GET",
        url.pathname.slice("/_simulator".length) || "/",
        input,
        url.searchParams,
      );
      if (out === undefined) return send(res, 404, { error: "unknown control route" });
      return send(res, 200, out);
    } catch (e) {
      return send(res, 400, { error: (e as Error).message });
    }
  }
  send(res, 404, { errors: "Not Found" });
}
