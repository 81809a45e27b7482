// npm run simulator -- --port P --customers N --seed S [--now ISO] [--shop name.myshopify.com]
//   [--token T] [--plan standard|advanced|plus|enterprise] [--webhook-url URL --webhook-secret S]
//   [--realtime] [--app-api-key K --app-api-secret S] [--effect-probability P --effect-window-days D]
// Serves a generated store until interrupted; prints where to reach it. --realtime: the clock
// follows the wall clock; --app-api-*: the token endpoint checks the app's credentials;
// --effect-*: each accepted Flow trigger causes an order with probability P within D days.
import { parseArgs } from "node:util";
import { startSimulator } from "~sim/index";
import type { Plan } from "~sim/http/rate-limit";
import { subscribedTopics } from "./webhook-topics";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    customers: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    now: { type: "string" },
    shop: { type: "string" },
    token: { type: "string" },
    plan: { type: "string", default: "standard" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    realtime: { type: "boolean", default: false },
    "app-api-key": { type: "string" },
    "app-api-secret": { type: "string" },
    "effect-probability": { type: "string" },
    "effect-window-days": { type: "string" },
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function within(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    fail(`--${name}: a number from ${min} to ${max} (got "${raw}")`);
  return value;
}

if ((values["app-api-key"] === undefined) !== (values["app-api-secret"] === undefined))
  fail("--app-api-key and --app-api-secret go together");
if ((values["effect-probability"] === undefined) !== (values["effect-window-days"] === undefined))
  fail("--effect-probability and --effect-window-days go together");
const app =
  values["app-api-key"] !== undefined
    ? { apiKey: values["app-api-key"], apiSecret: values["app-api-secret"]! }
    : undefined;
const effect =
  values["effect-probability"] !== undefined
    ? {
        extraConversionProbability: within("effect-probability", values["effect-probability"], 0, 1),
        windowDays: within("effect-window-days", values["effect-window-days"]!, 0.0001, 365),
      }
    : undefined;

const sim = await startSimulator({
  port: Number(values.port),
  customers: Number(values.customers),
  seed: Number(values.seed),
  now: values.now,
  shop: values.shop,
  accessToken: values.token,
  plan: values.plan as Plan,
  webhooks: values["webhook-url"]
    ? {
        secret: values["webhook-secret"],
        subscriptions: subscribedTopics().map((topic) => ({ topic, url: values["webhook-url"]! })),
      }
    : { secret: values["webhook-secret"] },
  realtime: values.realtime,
  ...(app ? { tokens: { app } } : {}),
  ...(effect ? { effect } : {}),
});

process.stdout.write(
  [
    `Shopify simulator serving ${values.customers} customers (seed ${values.seed}), clock ${sim.clock.now().toISOString()}`,
    `Admin API URL: ${sim.adminApiUrl}`,
    `Shop domain:   ${sim.shop}`,
    `Access token:  ${sim.accessToken}`,
    `Control URL:   ${sim.controlUrl}`,
    "",
  ].join("\n"),
);

const shutdown = (): void => {
  void sim.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
