// Loaded into the web process by the webhook burst (BENCH_SERVER_TIMING=1, through NODE_OPTIONS):
// where a POST /webhooks spends its time inside the server, to tell the server's share of the
// acknowledgement latency from the sender's and the OS scheduler's. Recorded between two SIGUSR2s
// (the measured phase), then written as JSON to BENCH_SERVER_TIMING_FILE:
// - server: from Node's "request" event (headers parsed) to the response handed to the socket;
// - loop: the event loop's delay (how late a 1 ms timer fires), the wait before any callback runs;
// - queries: each pg query's time from call to result, by kind (the intake's statements).
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";

interface Timed {
  query: (this: unknown, ...args: unknown[]) => unknown;
}

const file = process.env.BENCH_SERVER_TIMING_FILE ?? "";
const server: number[] = [];
const queries = new Map<string, number[]>();
const batchSizes: number[] = [];
const loop = monitorEventLoopDelay({ resolution: 1 });
let recording = false;

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    mean: round(sum / Math.max(1, sorted.length)),
    p50: round(at(50)),
    p99: round(at(99)),
    max: round(sorted.at(-1) ?? 0),
  };
};

process.on("SIGUSR2", () => {
  if (!recording) {
    server.length = 0;
    queries.clear();
    batchSizes.length = 0;
    loop.reset();
    loop.enable();
    recording = true;
    return;
  }
  recording = false;
  loop.disable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  // Written whole, then renamed: the bench reads it as soon as the name appears.
  fs.writeFileSync(
    `${file}.part`,
    JSON.stringify({
      server: summary(server),
      loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      batch: summary(batchSizes),
      queries: Object.fromEntries([...queries].map(([kind, times]) => [kind, summary(times)])),
    }),
  );
  fs.renameSync(`${file}.part`, file);
});

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
  if (recording && event === "request") {
    const started = performance.now();
    (args[1] as http.ServerResponse).once("finish", () => server.push(performance.now() - started));
  }
  return (emit as (this: http.Server, event: string | symbol, ...a: unknown[]) => boolean).call(this, event, ...args);
};

function kindOf(text: string): string {
  if (text.includes("add_jobs") && text.includes("WebhookDelivery")) return "insert+add_jobs";
  if (text.includes("add_jobs")) return "add_jobs";
  if (text.includes('INSERT INTO "WebhookDelivery"')) return "insert";
  const word = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "?";
  return word === "BEGIN" || word === "COMMIT" ? word : "other";
}

// The app's own pg (the build leaves node_modules external), patched before it is first used.
const pg = createRequire(path.join(process.cwd(), "package.json"))("pg") as { Client: { prototype: Timed } };
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]): unknown {
  const first = args[0];
  const text = typeof first === "string" ? first : (first as { text?: string } | null)?.text;
  if (!recording || typeof text !== "string") return query.apply(this, args);
  const started = performance.now();
  const kind = kindOf(text);
  if (kind.startsWith("insert")) batchSizes.push(Math.floor(((args[1] as unknown[] | undefined)?.length ?? 0) / 6));
  const done = () => {
    const list = queries.get(kind) ?? [];
    list.push(performance.now() - started);
    queries.set(kind, list);
  };
  // pg-pool's query passes a callback; a checked-out client's caller awaits the promise.
  const last = args.at(-1);
  if (typeof last === "function") {
    args[args.length - 1] = (...results: unknown[]) => {
      done();
      return (last as (...r: unknown[]) => unknown)(...results);
    };
    return query.apply(this, args);
  }
  const result = query.apply(this, args);
  if (result instanceof Promise) result.then(done, done);
  return result;
};
