// What background jobs and server modules are handed (AppContext): all I/O in one place, so tests
// build the same object around a test database, the local Shopify simulator and a fixed clock.
// appContext() is the process-wide one for routes and the in-process worker, built once from the
// env; each kind of work gets its own pool (docs/decisions/0120).
import { db, type Db } from "~/db.server";
import { env } from "~/env.server";
import type { Queue } from "~/jobs/queue";
import type { TransportFor } from "~/delivery/smtp.server";
import { createQueue } from "~/jobs/queue.server";
import { createLogger, fileSink, formatForMode, type Logger } from "~/logger.server";
import type { AdminFactory } from "~/shopify/admin";
import { appKeyring, resolveApiSecret } from "~/secrets/app-secrets.server";
import { createAdminFactory } from "~/shopify/admin-client.server";
import { DEMO_API_KEY } from "~/shopify/demo-credentials";
import { createRoutingFetch } from "~/shopify/routing-fetch.server";
import { libraryRefresh } from "~/shopify/token-refresh.server";

export interface AppContext {
  db: Db;
  admin: AdminFactory;
  queue: Queue;
  now: () => Date;
  log: Logger;
  /** The SMTP transports email goes out through; unset, the pooled ones (smtp.server.ts). */
  smtp?: TransportFor;
}

/**
 * What a launcher may put in the process context instead of the defaults: the demo replays two months
 * of its store with `now` following the store's clock and a queue that holds jobs due later on that
 * clock (scripts/demo/replay.ts, decision 0199). Set before the first appContext().
 */
export interface ContextOverrides {
  now?: () => Date;
  queue?: (queue: Queue) => Queue;
}

const globalForContext = globalThis as unknown as {
  rapportContext?: Promise<AppContext>;
  rapportOverrides?: ContextOverrides;
};

export function overrideContext(overrides: ContextOverrides): void {
  if (globalForContext.rapportContext) throw new Error("overrideContext: the app context is already built");
  globalForContext.rapportOverrides = overrides;
}

async function build(): Promise<AppContext> {
  const config = env();
  const database = db();
  const log = createLogger({
    level: config.LOG_LEVEL,
    format: formatForMode(config.RAPPORT_MODE),
    toFile: config.LOG_FILE ? fileSink(config.LOG_FILE) : undefined,
  });
  const overrides = globalForContext.rapportOverrides ?? {};
  const queue = await createQueue(database.pool);
  const fetch = createRoutingFetch(config.SHOPIFY_ADMIN_ORIGIN, { loopbackOnly: config.RAPPORT_MODE === "demo" });
  return {
    db: database,
    queue: overrides.queue ? overrides.queue(queue) : queue,
    admin: createAdminFactory(database, {
      fetch,
      log,
      keyring: appKeyring(),
      // Expiring offline tokens (shopify.server.ts) are refreshed through the library's own call.
      refresh: libraryRefresh({
        apiKey: config.SHOPIFY_API_KEY ?? DEMO_API_KEY,
        apiSecretKey: resolveApiSecret(config),
        appUrl: config.SHOPIFY_APP_URL,
        fetch,
        log,
      }),
    }),
    now: overrides.now ?? (() => new Date()),
    log,
  };
}

/** For web requests and webhook intake (the web pool). */
export function appContext(): Promise<AppContext> {
  globalForContext.rapportContext ??= build();
  return globalForContext.rapportContext;
}

/** For CSV exports and segment/campaign previews: their own small pool, so intake never waits on them. */
export async function reportsContext(): Promise<AppContext> {
  return { ...(await appContext()), db: db("reports") };
}

/** For the job worker: its own pool, with the longer statement timeout set-based work needs. */
export async function workerContext(): Promise<AppContext> {
  return { ...(await appContext()), db: db("worker") };
}
