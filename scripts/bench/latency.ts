// npm run bench:latency — from event to message (issue #19 part 3). The real pieces, each in its
// own process as in production: the production web server (WORKER_MODE=off) takes signed
// orders/create webhooks, one `npm run worker` process runs the jobs (ingest.webhook →
// campaigns.onOrder → campaigns.tick → campaigns.send), and the email channel hands each message
// to a local SMTP server (scripts/demo/inbox.ts). The store has one active campaign fired by the
// order itself (event order_placed, delay 0, email, sender verified, rate limit high, no quiet
// hours, no holdout, a cap that every new customer passes); each order is a different subscribed
// customer, so every order is due exactly one message.
// Per message: webhook received (WebhookDelivery.receivedAt) → decision made (Message.createdAt,
// the tick's clock) → handed to the channel (the SMTP server's receipt; Message.sentAt alongside).
// Run: npm run bench:latency [-- --rate 50 --seconds 30 --settle 60]. Last line: one JSON object.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createDb } from "~/db.server";
import { freePort } from "~/db/postgres.server";
import { closeTransports } from "~/delivery/smtp.server";
import { startAppProcess } from "~/runtime/app-process.server";
import { parseKeyring } from "~/secrets/secret-box.server";
import { startSimulator } from "~sim/index";
import { startLocalInbox } from "../demo/inbox";
import { benchDatabase } from "./database";
import { ensureBuild } from "./webhook-burst";
import { latencyFigures, type Timing } from "./latency-figures";
import { orderWebhook } from "./latency-orders";
import { postmasterPid, treeCpuMs } from "./proc-cpu";
import { createThankYouCampaign, OPEN_GUARDRAILS, verifiedSender } from "./store-seed";

const root = path.resolve(import.meta.dirname, "../..");
const SECRET = "bench-latency-secret";
const FROM_DOMAIN = "bench.localhost";
const say = (line: string) => process.stderr.write(`${line}\n`);

export interface LatencyOptions {
  rate: number;
  seconds: number;
  /** How long to wait after the last order for the last message before counting it lost. */
  settleSeconds: number;
}

/** BENCH_WORKER_LOG=file keeps the worker's debug log (each job's task and ms) for a look at where time goes. */
function startWorker(env: Record<string, string>): ChildProcess {
  const logFile = process.env.BENCH_WORKER_LOG;
  const out = logFile ? fs.openSync(logFile, "w") : "ignore";
  // BENCH_WORKER_PROFILE=dir writes the worker's CPU profile (.cpuprofile) there when it exits.
  const profile = process.env.BENCH_WORKER_PROFILE;
  const profiling = profile ? ["--cpu-prof", "--cpu-prof-dir", profile] : [];
  return spawn(process.execPath, [...profiling, "--import", "tsx", path.join(root, "scripts", "worker.ts")], {
    cwd: root,
    stdio: ["ignore", out, logFile ? out : "inherit"],
    env: { ...process.env, ...env, ...(logFile ? { LOG_LEVEL: "debug", RAPPORT_MODE: "demo" } : {}) },
  });
}

/** Where the pipeline stands, when the warm-up messages do not arrive. */
async function diagnose(db: ReturnType<typeof createDb>) {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    webhooks: await q(`SELECT status, error, count(*)::int AS n FROM "WebhookDelivery" GROUP BY 1, 2`),
    orders: await q(`SELECT count(*)::int AS n FROM "Order"`),
    messages: await q(`SELECT status, reason, "lastError", count(*)::int AS n FROM "Message" GROUP BY 1, 2, 3`),
    jobs: await q(
      `SELECT t.identifier, j.run_at, j.attempts, j.last_error FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id ORDER BY j.id LIMIT 30`,
    ),
  };
}

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
};

export async function runLatencyBench(options: LatencyOptions) {
  const { rate, seconds, settleSeconds } = options;
  const total = Math.round(rate * seconds);
  const warmOrders = 5;
  ensureBuild(say);
  const inbox = await startLocalInbox();
  // The email footer needs the store's name and address from the Admin API: the simulator serves
  // them, which production mode refuses (SHOPIFY_ADMIN_ORIGIN), so the app runs in demo mode —
  // the same server, webhook route, worker and email channel, with loopback-only guards.
  const sim = await startSimulator({ customers: 10, seed: 19 });
  const SHOP = sim.shop;
  const database = await benchDatabase("bench_latency");
  const db = createDb(database.url, { max: 4 });
  const keys = `bench:${crypto.randomBytes(32).toString("base64")}`;
  const port = await freePort();
  const env = {
    RAPPORT_MODE: "demo",
    RAPPORT_DEMO_SHOP: SHOP,
    SHOPIFY_ADMIN_ORIGIN: sim.url,
    DATABASE_URL: database.url,
    PORT: String(port),
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: SECRET,
    RAPPORT_ENCRYPTION_KEYS: keys,
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    RAPPORT_SMTP_URL: inbox.smtpUrl,
    RAPPORT_EMAIL_FROM_DOMAIN: FROM_DOMAIN,
    WORKER_MODE: "off",
    LOG_LEVEL: "warn",
  };
  const children: ChildProcess[] = [];
  try {
    const now = new Date();
    await db.prisma.shop.create({
      data: {
        domain: SHOP,
        name: "Latency bench",
        settings: OPEN_GUARDRAILS,
      },
    });
    await db.prisma.session.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: "installed", accessToken: sim.accessToken },
    });
    // One subscribed customer per order (warm-up orders included).
    await db.pool.query(
      `INSERT INTO "Customer" (shop, id, "firstName", email, "emailMarketing", "createdAt", "updatedAt")
       SELECT $1, 7000000000000 + g, 'C' || g, 'c' || g || '@example.com', 'SUBSCRIBED', $2, $2
         FROM generate_series(1, $3::int) g`,
      [SHOP, now, total + warmOrders],
    );
    const mail = { keyring: parseKeyring(keys), operatorUrl: inbox.smtpUrl, operatorFromDomain: FROM_DOMAIN };
    const form = { fromName: "Bench", fromAddress: "owner@bench.example", smtpMode: "operator", ratePerSecond: "1000" };
    await verifiedSender(db, SHOP, form, mail, "bench sender", now);
    await createThankYouCampaign(db, SHOP, { name: "Thank you for your order", channel: "email", holdoutPercent: 0 });
    const app = await startAppProcess({ env });
    children.push(app);
    const worker = startWorker(env);
    children.push(worker);
    // CPU per order, which a crowded machine stretches less than wall time (a figure to compare runs by).
    const postgres = postmasterPid(new URL(database.url).port);
    const cpu = () => ({
      web: treeCpuMs(app.pid ?? 0),
      worker: treeCpuMs(worker.pid ?? 0),
      postgres: treeCpuMs(postgres),
    });
    const send = orderWebhook({ port, shop: SHOP, secret: SECRET });

    say(`warm-up: ${warmOrders} orders…`);
    const warmBase = inbox.messages.length;
    for (let i = 0; i < warmOrders; i++) await send.order(`warm-${i}`, total + 1 + i);
    await inbox.waitFor(warmBase + warmOrders, 120_000).catch(async (error: unknown) => {
      say(JSON.stringify(await diagnose(db), null, 1));
      throw error;
    });

    say(`orders: ${rate}/s for ${seconds} s (${total})…`);
    const base = inbox.messages.length;
    const cpuBefore = cpu();
    const started = performance.now();
    const pending: Promise<void>[] = [];
    const posted = new Map<string, number>();
    let failed = 0;
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const id = `lat-${i + 1}`;
      posted.set(`c${i + 1}@example.com`, Date.now());
      pending.push(
        send.order(id, i + 1).then((status) => {
          if (status !== 200) failed++;
        }),
      );
    }
    await Promise.all(pending);
    const sentSeconds = (performance.now() - started) / 1000;
    say(`  posted in ${sentSeconds.toFixed(1)} s; waiting up to ${settleSeconds} s for the messages…`);
    const deadline = Date.now() + settleSeconds * 1000;
    while (inbox.messages.length - base < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive right behind
    send.close();
    const cpuAfter = cpu();
    const cpuMsPerOrder = {
      web: Number(((cpuAfter.web - cpuBefore.web) / total).toFixed(2)),
      worker: Number(((cpuAfter.worker - cpuBefore.worker) / total).toFixed(2)),
      postgres: Number(((cpuAfter.postgres - cpuBefore.postgres) / total).toFixed(2)),
    };

    const { rows } = await db.pool.query<{ email: string; received: Date; decided: Date | null; sentAt: Date | null }>(
      `SELECT c.email, w."receivedAt" AS received, m."createdAt" AS decided, m."sentAt"
         FROM "WebhookDelivery" w
         JOIN "Customer" c ON c.shop = w.shop AND c.id = 7000000000000 + substr(w."webhookId", 5)::int
         LEFT JOIN "Message" m ON m.shop = c.shop AND m."customerId" = c.id
        WHERE w.shop = $1 AND w."webhookId" LIKE 'lat-%'`,
      [SHOP],
    );
    const smtp = new Map<string, Date[]>();
    for (const m of inbox.messages.slice(base))
      for (const to of m.envelope.to) smtp.set(to, [...(smtp.get(to) ?? []), m.receivedAt]);
    const timings: Timing[] = rows.map((r) => ({
      postedAt: posted.get(r.email) ?? null,
      receivedAt: r.received.getTime(),
      decidedAt: r.decided?.getTime() ?? null,
      sentAt: r.sentAt?.getTime() ?? null,
      smtpAt: smtp.get(r.email)?.map((d) => d.getTime()) ?? [],
    }));
    return {
      bench: "latency",
      orders: total,
      ratePerSecond: rate,
      seconds,
      postedSeconds: Number(sentSeconds.toFixed(2)),
      webhookFailures: failed,
      webhooksRecorded: rows.length,
      ...latencyFigures(total, timings),
      cpuMsPerOrder,
      loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
      cpus: os.cpus().length,
      target: { p95Ms: 2000 },
    };
  } finally {
    for (const child of children) await stop(child);
    closeTransports();
    await db.close();
    await database.stop();
    await inbox.stop();
    await sim.stop();
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await runLatencyBench({
    rate: arg("rate", 50),
    seconds: arg("seconds", 30),
    settleSeconds: arg("settle", 60),
  });
  console.log(JSON.stringify(figures));
}
