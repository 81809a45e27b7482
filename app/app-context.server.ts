// The process-wide AppContext for routes and the in-process worker, built once from the env.
import type { AppContext } from "~/context.server";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { createQueue } from "~/jobs/queue.server";
import { createLogger } from "~/logger.server";
import { appKeyring } from "~/secrets/app-secrets.server";
import { createAdminFactory } from "~/shopify/admin-client.server";
import { createRoutingFetch } from "~/shopify/routing-fetch.server";

const globalForContext = globalThis as unknown as { rapportContext?: Promise<AppContext> };

async function build(): Promise<AppContext> {
  const config = env();
  const database = db();
  const log = createLogger(config.LOG_LEVEL);
  const fetch = createRoutingFetch(config.SHOPIFY_ADMIN_ORIGIN, { loopbackOnly: config.RAPPORT_MODE === "demo" });
  return {
    db: database,
    queue: await createQueue(database.pool),
    admin: createAdminFactory(database, { fetch, log, keyring: appKeyring() }),
    now: () => new Date(),
    log,
  };
}

export function appContext(): Promise<AppContext> {
  globalForContext.rapportContext ??= build();
  return globalForContext.rapportContext;
}
