// `npm run demo`: embedded PostgreSQL + the local Shopify with a generated store + Rapport
// installed into it, served at http://localhost:3000 without a login. Each start is a fresh
// demo store (the demo database in --data-dir is reset). Demo mode only ever talks to loopback.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "~/db/postgres.server";
import { DEMO_API_KEY } from "~/shopify/demo-credentials";
import { startSimulator } from "~sim/index";
import { startPillarCampaigns } from "./demo/campaigns";
import { startLocalInbox } from "./demo/inbox";
import { installDemo } from "./demo/install";
import { syncEnded, watchSync } from "./demo/progress";
import { COALESCED_TASKS, replayPast, settle } from "./demo/replay";
import { ReplayClock, ReplayQueue } from "./demo/replay-queue";
import { demoRunSecret } from "./demo/secret";
import { demoShoppers } from "./demo/shoppers";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    // A store this size syncs and replays its two months in a couple of minutes (decision 0199).
    customers: { type: "string", default: "2000" },
    seed: { type: "string", default: "42" },
    "data-dir": { type: "string", default: ".data/demo" },
    "no-live-orders": { type: "boolean", default: false },
    "past-days": { type: "string", default: "60" },
    "no-past": { type: "boolean", default: false },
  },
});
const customers = Number(values.customers);
const seed = Number(values.seed);
const port = Number(values.port);
const pastDays = values["no-past"] ? 0 : Number(values["past-days"]);
for (const [name, value] of [
  ["--customers", customers],
  ["--seed", seed],
  ["--port", port],
  ["--past-days", pastDays],
] as const) {
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`${name}: must be a whole number (got "${String(value)}")\n`);
    process.exit(1);
  }
}
// A year of the store's past at most: the store's history is generated up to two years back.
if (pastDays > 365) {
  process.stderr.write(`--past-days: at most 365 (got ${pastDays})\n`);
  process.exit(1);
}

const dataDir = path.resolve(values["data-dir"]);
fs.rmSync(path.join(dataDir, "postgres"), { recursive: true, force: true });
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);
const showLogs = process.env.RAPPORT_DEMO_LOGS === "1";
const logFile = path.join(dataDir, "logs", "rapport.log");
// A fresh log per run, like the fresh store.
if (!showLogs) fs.rmSync(logFile, { force: true });
say(
  showLogs
    ? "app logs: on this terminal (RAPPORT_DEMO_LOGS=1)"
    : `app logs: ${logFile} (warnings and errors also on this terminal; RAPPORT_DEMO_LOGS=1 puts every line here instead)`,
);
say(`generating a store of ${customers} customers (seed ${seed})…`);
// One secret for this run, shared by the simulator (it signs webhooks) and the app (it verifies them).
const secret = demoRunSecret();
const DAY_MS = 86_400_000;
// The store opens `--past-days` ago: Rapport is installed then, its campaigns run through those
// days on the store's clock (the replay below, decision 0199), and the store lives in real time after.
const installedAt = Date.now() - pastDays * DAY_MS;
const sim = await startSimulator({
  customers,
  seed,
  now: new Date(installedAt),
  webhooks: { secret, subscriptions: [], retryDelaysMs: [1000, 5000, 30_000, 120_000] },
  // The app refreshes its expiring offline token at the token endpoint with these credentials.
  tokens: { app: { apiKey: DEMO_API_KEY, apiSecret: secret } },
  // What an email does to the customer who gets it: the ground truth Reports measures against.
  effect: { extraConversionProbability: 0.1, windowDays: 7 },
});
const clock = new ReplayClock(installedAt);
let replayQueue: ReplayQueue | undefined;
const shoppers = demoShoppers(sim, seed);

// A real SMTP server on this machine with a web inbox: the email channel's messages land there.
const inbox = await startLocalInbox({ onReceive: shoppers.onReceive });

Object.assign(process.env, {
  RAPPORT_MODE: "demo",
  RAPPORT_SMTP_URL: inbox.smtpUrl,
  RAPPORT_EMAIL_FROM_DOMAIN: "rapport-demo.localhost",
  SHOPIFY_ADMIN_ORIGIN: sim.url,
  SHOPIFY_API_SECRET: secret,
  RAPPORT_DEMO_SHOP: sim.shop,
  PORT: String(port),
  EMBEDDED_PG_DIR: path.join(dataDir, "postgres"),
  EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? String(await freePort()),
  // The terminal shows the demo's own lines and the app's warnings and errors; the structured logs
  // go to a file (decision 0198), or to the terminal with RAPPORT_DEMO_LOGS=1.
  LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
  // Two jobs at a time, one per core of a small machine: the replay runs a step's webhooks two at a
  // time and the crontab's jobs one at a time after them (a profile refresh beside the daily
  // recompute deadlocks and is retried, which would print warnings here; decisions 0199, 0215).
  WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? "2",
  ...(showLogs ? {} : { LOG_FILE: logFile }),
});

// Imported after the environment is set: the launcher reads it once.
const { launch } = await import("~/runtime/launch.server");
const appOrigin = `http://127.0.0.1:${port}`;
const app = await launch({
  dev: false,
  beforeListen: (ctx) => installDemo(ctx, sim, appOrigin),
  context: {
    now: clock.now,
    queue: (queue) => (replayQueue = new ReplayQueue(queue, clock, { coalesce: COALESCED_TASKS })),
  },
});
// Flow calls the app as Shopify does (signed with the app secret). The demo merchant has a Shopify
// Email marketing automation using the "Rapport message" trigger turned on, so campaigns on the
// Shopify Email and Flow channels can go live (decision 0180); Settings shows it.
sim.core.flow.configure({
  secret,
  lifecycleUrl: `${appOrigin}/flow/lifecycle`,
  actionUrl: `${appOrigin}/flow/actions/send-rapport-message`,
});
const workflow = await sim.core.flow.setWorkflow(true, "shopify_email");
if (!workflow.enabled)
  say(`the app refused Flow's lifecycle callback (${workflow.call.status}): Flow channels stay off`);

const { configureDemoSender } = await import("./demo/sender");
await configureDemoSender(app.ctx, sim.shop);

const timers: (() => void)[] = [];
timers.push(watchSync(app.ctx, sim.shop, say));
// Live: the app's clock is the wall clock, the jobs the replay held keep their times, and the
// simulated store's clock follows the wall clock.
const goLive = async () => {
  await replayQueue!.goLive();
  clock.goLive();
  sim.core.realtime = true;
  sim.clock.advance(new Date());
};
if (pastDays === 0) await goLive();
else if (!(await syncEnded(app.ctx, sim.shop))) {
  say("the sync failed: the demo store has no past");
  await goLive();
} else {
  await settle(app.ctx, sim);
  const holdout = 50;
  const started = await startPillarCampaigns(app.ctx, sim.shop, holdout);
  say(`${started} campaigns from the four pillars' templates are live (holdout ${holdout}%)`);
  const replay = await replayPast({ ctx: app.ctx, sim, clock, queue: replayQueue!, shoppers, say });
  await goLive();
  const seen = shoppers.stats();
  say(
    `replayed ${replay.days} days in ${replay.seconds} s: ${seen.emailed.toLocaleString("en-US")} emails delivered, ` +
      `${seen.clicks.toLocaleString("en-US")} clicks, ${seen.buying.toLocaleString("en-US")} orders the emails caused`,
  );
}

// The simulated store lives in real time: its clock follows the wall clock, and a customer
// places an order every few seconds so webhooks arrive while you watch; shoppers click on time.
const every = (ms: number, run: () => void) => {
  const timer = setInterval(run, ms);
  timers.push(() => clearInterval(timer));
};
every(5_000, () => {
  sim.clock.advance(new Date());
  void shoppers.clickDue(Date.now());
});
if (!values["no-live-orders"]) {
  every(8_000, () => {
    const index = Math.floor(Math.random() * customers);
    const customerId = sim.store.history(index)?.customer.id;
    if (customerId === undefined) return;
    sim.clock.advance(new Date());
    sim.activity.placeOrder({ customerId });
  });
}

const ready = {
  appUrl: `http://localhost:${port}`,
  simulatorUrl: sim.url,
  controlUrl: sim.controlUrl,
  shop: sim.shop,
  inboxUrl: inbox.inboxUrl,
};
say(`app: ${appOrigin} · local Shopify: ${sim.url} (shop ${sim.shop})`);
say(`emails (the email channel, the default) arrive in the local inbox: ${inbox.inboxUrl}`);
say(`open ${ready.appUrl}`);
process.stdout.write(`RAPPORT_DEMO_READY ${JSON.stringify(ready)}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const stopTimer of timers) stopTimer();
    void sim
      .stop()
      .then(() => app.stop())
      .then(() => inbox.stop())
      .then(() => process.exit(0));
  });
}
