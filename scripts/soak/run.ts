// One soak run (decision 0210): set up the store and the deployment, run traffic and faults for
// the given time, let everything settle, then judge (checks.ts). The caller prints the report.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { applyMigrations } from "~/db/migrate.server";
import { freePort } from "~/db/postgres.server";
import { closeTransports } from "~/delivery/smtp.server";
import { reconcileStale } from "~/delivery/outbox.server";
import { DEMO_API_KEY } from "~/shopify/demo-credentials";
import { demoRunSecret } from "../demo/secret";
import { ensureBuild } from "../bench/webhook-burst";
import { startChaos, type ChaosCounts } from "./chaos";
import {
  conversionsCheck,
  duplicatesCheck,
  dueMessagesCheck,
  profilesCheck,
  storeOrders,
  webhooksCheck,
  type Check,
} from "./checks";
import { Cluster, startPostgres, type ClusterEvent } from "./cluster";
import { applyStatePlant, type Plant } from "./plants";
import { leftovers, settle } from "./settle";
import { createCampaigns, enableFlow, installStore, waitForBackfill } from "./setup";
import { RemoteSimulator } from "./sim-client";
import { startFaultySmtp } from "./smtp";
import { startTraffic } from "./traffic";

export interface SoakOptions {
  minutes: number;
  seed: number;
  customers: number;
  /** Store actions per second. */
  rate: number;
  plants: Plant[];
  /** Longest wait for the pipeline to drain after the traffic stops. */
  settleSeconds: number;
  say: (line: string) => void;
}

export async function runSoak(options: SoakOptions) {
  const { say, seed } = options;
  const began = Date.now();
  // The simulator (decision 0227) and the proxy (0221) run in processes of their own: this one's
  // lag (reported) delays only the traffic's pace and the checks, not Shopify's side.
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  ensureBuild(say);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-soak-"));
  fs.chmodSync(workDir, 0o755);
  const logDir = path.join(workDir, "logs");
  fs.mkdirSync(logDir);
  const events: ClusterEvent[] = [];
  const secret = demoRunSecret();
  const smtp = await startFaultySmtp();
  const simErr = fs.openSync(path.join(logDir, "simulator.stderr"), "a");
  const sim = await RemoteSimulator.start({
    customers: options.customers,
    seed,
    now: new Date(),
    realtime: true,
    plan: "enterprise",
    webhookSecret: secret,
    app: { apiKey: DEMO_API_KEY, apiSecret: secret },
    // Flow sends cause orders within minutes, so attribution has message-caused orders to find.
    effect: { extraConversionProbability: 0.3, windowDays: (options.minutes * 0.5) / 1440 },
    stderr: simErr,
  }).finally(() => fs.closeSync(simErr));
  await sim.configureWebhooks({ retryDelaysMs: [250, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 60_000] });
  const pg = await startPostgres(path.join(workDir, "pg"));
  await applyMigrations(pg.url());
  const proxyPort = await freePort();
  const appOrigin = `http://127.0.0.1:${proxyPort}`;
  const env: Record<string, string> = {
    RAPPORT_MODE: "demo",
    RAPPORT_DEMO_SHOP: sim.shop,
    SHOPIFY_ADMIN_ORIGIN: sim.url,
    SHOPIFY_API_SECRET: secret,
    SHOPIFY_APP_URL: appOrigin,
    DATABASE_URL: pg.url(),
    RAPPORT_SMTP_URL: smtp.url,
    RAPPORT_EMAIL_FROM_DOMAIN: "soak.localhost",
    WORKER_MODE: "off",
    LOG_LEVEL: "debug",
  };
  // This process sets the store up and judges it with the app's own modules: same settings.
  Object.assign(process.env, env, { LOG_FILE: path.join(logDir, "soak.log") });
  const { appContext } = await import("~/runtime/app-context.server");
  const { closeDatabases } = await import("~/db.server");
  const ctx = await appContext();
  // A failed run leaves its database folder for inspection (the report names it).
  let keepDatabase = false;
  const cluster = new Cluster({ env, logDir, webs: 2, workers: 2, proxyPort, events, plants: options.plants });
  try {
    say(`setting up: ${options.customers} customers (seed ${seed}), 2 web + 2 worker processes…`);
    await installStore(ctx, sim, appOrigin);
    await cluster.up();
    await enableFlow(sim, secret, appOrigin);
    const backfillMs = await waitForBackfill(ctx, sim.shop, 300_000);
    await createCampaigns(ctx, sim.shop);
    const setupSeconds = (Date.now() - began) / 1000;
    const durationMs = options.minutes * 60_000;
    say(`traffic and faults for ${options.minutes} min…`);
    const traffic = startTraffic(sim, seed, options.rate, await sim.customerCount());
    const chaos = startChaos({ sim, cluster, smtp, restartPostgres: pg.restart, events }, seed, durationMs);
    const faults: ChaosCounts = await chaos.done;
    await traffic.stop();
    say("settling…");
    const settled = await settle({ ctx, sim, cluster, smtp, timeoutMs: options.settleSeconds * 1000 });
    // Read before the workers stop: which jobs are locked and by whom, which deliveries wait.
    const stuck = settled.quiet ? null : await leftovers(ctx).catch((e: unknown) => ({ unreadable: String(e) }));
    if (stuck) say(`did not settle; left: ${JSON.stringify(stuck)}`);
    // Workers are stopped now: a message a killed worker left 'sending' is handled as its lease
    // expiry would (reclaimed, or failed as outcome unknown); one worker drains what came back.
    await cluster.stopRole("worker");
    const stale = await reconcileStale(ctx, 0, sim.shop);
    if (stale.reclaimed > 0) {
      await cluster.startRole("worker", 1);
      await settle({ ctx, sim, cluster, smtp, timeoutMs: 60_000 });
      await cluster.stopRole("worker");
    }
    // Judged as of the store's clock where the settle left it: moving it on now would emit events
    // (orders coming due) whose webhooks nobody waits for.
    const asOf = await sim.now();
    say("checking…");
    for (const plant of options.plants.filter((p) => p !== "profile-drift"))
      await applyStatePlant(ctx.db, sim.shop, plant, asOf);
    const store = await storeOrders(sim, asOf);
    const checks: Record<string, Check> = {
      webhooksExactlyOnce: await webhooksCheck(ctx.db, sim, logDir, store),
      noDuplicateMessages: await duplicatesCheck(ctx.db, sim, smtp.accepted),
      dueMessagesResolved: await dueMessagesCheck(ctx.db, sim.shop, asOf),
      conversionsMatchTruth: await conversionsCheck(ctx.db, sim, store, asOf, logDir),
      profilesMatchRecompute: await profilesCheck(ctx.db, sim.shop, asOf, async () => {
        if (options.plants.includes("profile-drift")) await applyStatePlant(ctx.db, sim.shop, "profile-drift", asOf);
      }),
      processesRecovered: {
        ok: cluster.unexpectedExits.length === 0 && sim.exited === null,
        unexpectedExits: cluster.unexpectedExits,
        simulatorExited: sim.exited,
      },
    };
    const ok = Object.values(checks).every((c) => c.ok);
    keepDatabase = !ok && options.plants.length === 0;
    return {
      soak: ok ? "passed" : "failed",
      ok,
      seed,
      minutes: options.minutes,
      customers: options.customers,
      actionsPerSecond: options.rate,
      plants: options.plants,
      processes: { web: 2, worker: 2, postgres: 1 },
      seconds: {
        setup: Number(setupSeconds.toFixed(1)),
        backfill: Number((backfillMs / 1000).toFixed(1)),
        traffic: options.minutes * 60,
        settle: Number((settled.ms / 1000).toFixed(1)),
        total: Number(((Date.now() - began) / 1000).toFixed(1)),
      },
      settled: { quiet: settled.quiet, left: settled.left, ...(stuck ? { stuck } : {}) },
      staleAtEnd: stale,
      traffic: { ...traffic.counts, refusedByStore: traffic.refused },
      faults: { ...faults, smtp: smtp.stats(), proxy: cluster.proxyStats },
      checks,
      events: events.map((e) => `+${((e.at - began) / 1000).toFixed(1)}s ${e.what}`),
      soakProcessEventLoopLagMs: {
        p50: Math.round(lag.percentile(50) / 1e6),
        p99: Math.round(lag.percentile(99) / 1e6),
        max: Math.round(lag.max / 1e6),
      },
      load: { loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))), cpus: os.cpus().length },
      logs: logDir,
      ...(keepDatabase ? { database: path.join(workDir, "pg") } : {}),
    };
  } finally {
    await cluster.down();
    closeTransports();
    await closeDatabases();
    await pg.stop();
    await sim.stop();
    await smtp.stop();
    if (!keepDatabase) fs.rmSync(path.join(workDir, "pg"), { recursive: true, force: true });
  }
}
