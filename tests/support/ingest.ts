// An AppContext for ingest tests: a test database, the app's real Admin client pointed at a
// local simulator, and a queue that records what was enqueued.
import type { AppContext } from "~/runtime/app-context.server";
import type { EnqueueOptions, Queue } from "~/jobs/queue";
import type { TaskName, TaskPayload } from "~/jobs/tasks";
import { memoryLogger } from "~/logger.server";
import { createAdminFactory, type AdminFactoryOptions } from "~/shopify/admin-client.server";
import type { TestDatabase } from "~tests/support/database";
import type { TokenResponse } from "~sim/index";

/** A queued job, typed by its task (GraphileWorker.Tasks, app/jobs/tasks.ts) as the real queue is. */
export type RecordedJob<K extends TaskName = TaskName> = {
  [T in K]: { task: T; payload: TaskPayload<T>; options: EnqueueOptions };
}[K];

export function recordingQueue(): Queue & {
  jobs: RecordedJob[];
  take: <K extends TaskName>(task: K) => RecordedJob<K>[];
} {
  const jobs: RecordedJob[] = [];
  return {
    jobs,
    enqueue: async (task, payload, options = {}) => {
      // A pending job with the same key is replaced, as graphile-worker does.
      if (options.jobKey) {
        const same = jobs.findIndex((j) => j.options.jobKey === options.jobKey);
        if (same !== -1) jobs.splice(same, 1);
      }
      // Through JSON, as a real queue stores it: a BigInt here would be a bug.
      jobs.push({ task, payload: JSON.parse(JSON.stringify(payload)) as typeof payload, options } as RecordedJob);
    },
    take: <K extends TaskName>(task: K) => {
      const taken = jobs.filter((j) => j.task === task);
      for (const j of taken) jobs.splice(jobs.indexOf(j), 1);
      return taken as RecordedJob<K>[];
    },
  };
}

/**
 * Stores the offline session an install leaves: a bare token (non-expiring, legacy) or the token
 * endpoint's answer with `expires_in` and `refresh_token` (the simulator's `sim.tokens.installed`),
 * with expiry times computed the way @shopify/shopify-api's createSession does.
 */
export async function installShop(database: TestDatabase, shop: string, token: string | TokenResponse): Promise<void> {
  const grant: Partial<TokenResponse> & { access_token: string } =
    typeof token === "string" ? { access_token: token } : token;
  const at = (seconds: number | undefined) => (seconds === undefined ? null : new Date(Date.now() + seconds * 1000));
  const tokens = {
    accessToken: grant.access_token,
    expires: at(grant.expires_in),
    refreshToken: grant.refresh_token ?? null,
    refreshTokenExpires: at(grant.refresh_token_expires_in),
  };
  await database.prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop },
    update: { uninstalledAt: null },
  });
  await database.prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope: "read_orders,read_customers,read_products,read_returns",
      ...tokens,
    },
    update: tokens,
  });
}

export function ingestContext(
  database: TestDatabase,
  admin: AdminFactoryOptions,
  queue = recordingQueue(),
): AppContext & { queue: ReturnType<typeof recordingQueue>; log: ReturnType<typeof memoryLogger> } {
  const log = memoryLogger();
  return {
    db: database,
    admin: createAdminFactory(database, {
      retry: { baseDelayMs: 5, maxDelayMs: 200, timeoutMs: 2_000 },
      log,
      ...admin,
    }),
    queue,
    now: () => new Date(),
    log,
  };
}
