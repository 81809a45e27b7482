// `npm run demo`: embedded PostgreSQL + the local Shopify with a generated store + Rapport
// installed into it, served at http://localhost:3000 without a login. Each start is a fresh
// demo store (the demo database in --data-dir is reset). Demo mode only ever talks to loopback.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "~/postgres.server";
import { DEMO_API_KEY } from "~/shopify/demo-credentials";
import { startSimulator } from "~sim/index";
import { installDemo } from "./demo/install";
import { demoRunSecret } from "./demo/secret";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    customers: { type: "string", default: "10000" },
    seed: { type: "string", default: "42" },
    "data-dir": { type: "string", default: ".data/demo" },
    "no-live-orders": { type: "boolean", default: false },
  },
});
const customers = Number(values.customers);
const seed = Number(values.seed);
const port = Number(values.port);
for (const [name, value] of [["--customers", customers], ["--seed", seed], ["--port", port]] as const) {
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`${name}: must be a whole number (got "${String(value)}")\n`);
    process.exit(1);
  }
}

const dataDir = path.resolve(values["data-dir"]);
fs.rmSync(path.join(dataDir, "postgres"), { recursive: true, force: true });
process.stdout.write(`[demo] generating a store of ${customers} customers (seed ${seed})…\n`);
// One secret for this run, shared by the simulator (it signs webhooks) and the app (it verifies them).
const secret = demoRunSecret();
const sim = await startSimulator({
  customers,
  seed,
  now: new Date(),
  realtime: true,
  webhooks: { secret, subscriptions: [], retryDelaysMs: [1000, 5000, 30_000, 120_000] },
  // The app refreshes its expiring offline token at the token endpoint with these credentials.
  tokens: { app: { apiKey: DEMO_API_KEY, apiSecret: secret } },
});

Object.assign(process.env, {
  RAPPORT_MODE: "demo",
  SHOPIFY_ADMIN_ORIGIN: sim.url,
  SHOPIFY_API_SECRET: secret,
  RAPPORT_DEMO_SHOP: sim.shop,
  PORT: String(port),
  EMBEDDED_PG_DIR: path.join(dataDir, "postgres"),
  EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? String(await freePort()),
});

// Imported after the environment is set: the launcher reads it once.
const { launch } = await import("~/runtime/launch.server");
const appOrigin = `http://127.0.0.1:${port}`;
const app = await launch({ dev: false, beforeListen: (ctx) => installDemo(ctx, sim, appOrigin) });

const timers: NodeJS.Timeout[] = [];
// The simulated store lives in real time: its clock follows the wall clock, and a customer
// places an order every few seconds so webhooks arrive while you watch.
timers.push(setInterval(() => sim.clock.advance(new Date()), 5_000));
if (!values["no-live-orders"]) {
  timers.push(setInterval(() => {
    const index = Math.floor(Math.random() * customers);
    const customerId = sim.store.history(index)?.customer.id;
    if (customerId === undefined) return;
    sim.clock.advance(new Date());
    sim.activity.placeOrder({ customerId });
  }, 8_000));
}

const ready = { appUrl: `http://localhost:${port}`, simulatorUrl: sim.url, controlUrl: sim.controlUrl, shop: sim.shop };
process.stdout.write(`[demo] the local Shopify is at ${sim.url} (shop ${sim.shop})\n`);
process.stdout.write(`[demo] open ${ready.appUrl}\n`);
process.stdout.write(`RAPPORT_DEMO_READY ${JSON.stringify(ready)}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const timer of timers) clearInterval(timer);
    void sim.stop().then(() => app.stop()).then(() => process.exit(0));
  });
}
