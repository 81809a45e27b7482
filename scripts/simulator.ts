// npm run simulator -- --port P --customers N --seed S [--now ISO] [--shop name.myshopify.com]
//   [--token T] [--plan standard|advanced|plus|enterprise] [--webhook-url URL --webhook-secret S]
// Serves a generated store until interrupted; prints where to reach it.
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
  },
});

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
