// A load balancer for the soak's web processes: each request goes to the next living backend in
// turn; a backend that dies mid-request gives 502, as a real balancer would, and Shopify (the
// simulator) retries the webhook later.
import http from "node:http";

export interface Proxy {
  stats(): { requests: number; failed: number };
  stop(): Promise<void>;
}

export async function startProxy(port: number, backends: () => number[]): Promise<Proxy> {
  let next = 0;
  let requests = 0;
  let failed = 0;
  const fail = (res: http.ServerResponse, status: number) => {
    failed++;
    if (!res.headersSent) res.writeHead(status, { "content-type": "text/plain" });
    res.end("soak proxy: no backend answered");
  };
  const server = http.createServer((req, res) => {
    requests++;
    const ports = backends();
    if (ports.length === 0) return fail(res, 503);
    const target = ports[next++ % ports.length];
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: target,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => fail(res, 502));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    stats: () => ({ requests, failed }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
