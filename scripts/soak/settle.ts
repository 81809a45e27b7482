// After the traffic: faults off, then wait until the pipeline is quiet — every webhook delivered
// (or given up by Shopify), every delivery processed, no job runnable, no message due and unsent.
import type { AppContext } from "~/runtime/app-context.server";
import { livenessKey } from "~/jobs/worker-liveness.server";
import type { Cluster } from "./cluster";
import type { RemoteSimulator } from "./sim-client";
import type { FaultySmtp } from "./smtp";

export interface SettleTargets {
  ctx: AppContext;
  sim: RemoteSimulator;
  cluster: Cluster;
  smtp: FaultySmtp;
  timeoutMs: number;
}

/** Longer than a drain batch takes even with slow SMTP replies (100 messages, 8 at a time, 4 s each). */
const STALE_CLAIM_SECONDS = 120;

async function busy(ctx: AppContext, sim: RemoteSimulator): Promise<Record<string, number>> {
  const one = async (sql: string, values: unknown[] = []) =>
    (await ctx.db.pool.query<{ n: number }>(sql, values)).rows[0].n;
  return {
    webhooksInFlight: (await sim.deliveries("pending")).length,
    deliveriesUnprocessed: await one(
      `SELECT count(*)::int AS n FROM "WebhookDelivery" WHERE status IN ('received', 'failed')`,
    ),
    jobsRunnable: await one(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE run_at <= now() AND attempts < max_attempts`,
    ),
    // A claim older than any live send is a killed worker's: its lease (5 min) outlasts the settle,
    // and the run handles it after, as the lease's expiry would (run.ts).
    messagesDue: await one(
      `SELECT count(*)::int AS n FROM "Message" WHERE "scheduledFor" <= now()
          AND (status = 'pending' OR (status = 'sending' AND "claimedAt" > now() - interval '${STALE_CLAIM_SECONDS} seconds'))`,
    ),
  };
}

export interface Leftovers {
  /** Jobs not finished: locked (and by whom), waiting to retry, or given up. */
  jobs: Record<string, unknown>[];
  /** The worker ids that hold jobs or job queues, and whether their liveness lock is held. */
  lockHolders: { id: string; alive: boolean }[];
  deliveries: Record<string, unknown>[];
  messages: Record<string, unknown>[];
}

/** What kept the pipeline from settling, for the report: the next failure names its culprits. */
export async function leftovers(ctx: AppContext): Promise<Leftovers> {
  const rows = async (sql: string) => (await ctx.db.pool.query<Record<string, unknown>>(sql)).rows;
  const jobs = await rows(
    `SELECT j.id::text, t.identifier AS task, q.queue_name AS queue, j.locked_by, j.locked_at, j.attempts,
            j.max_attempts, j.run_at, j.key, left(j.last_error, 300) AS last_error, j.payload
       FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id
       LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
      ORDER BY j.id LIMIT 20`,
  );
  const holders = await rows(
    `SELECT DISTINCT locked_by AS id FROM (
       SELECT locked_by FROM graphile_worker._private_jobs
       UNION ALL SELECT locked_by FROM graphile_worker._private_job_queues) l WHERE locked_by IS NOT NULL`,
  );
  // A liveness lock anyone can take is nobody's: that worker is gone (worker-liveness.server.ts).
  const lockHolders: { id: string; alive: boolean }[] = [];
  const client = await ctx.db.pool.connect();
  try {
    await client.query("BEGIN");
    for (const { id } of holders) {
      const free = await client.query<{ free: boolean }>(
        "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS free",
        [livenessKey(String(id))],
      );
      lockHolders.push({ id: String(id), alive: !free.rows[0].free });
    }
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
  const deliveries = await rows(
    `SELECT "webhookId", topic, status, "receivedAt", left(error, 300) AS error FROM "WebhookDelivery"
      WHERE status IN ('received', 'failed') ORDER BY "receivedAt" LIMIT 20`,
  );
  const messages = await rows(
    `SELECT id, "campaignId", "customerId"::text, status, "scheduledFor", "claimedAt", "callStartedAt", attempts,
            left("lastError", 300) AS "lastError",
            "updatedAt" FROM "Message" WHERE status IN ('pending', 'sending') AND "scheduledFor" <= now()
      ORDER BY "scheduledFor" LIMIT 20`,
  );
  return { jobs, lockHolders, deliveries, messages };
}

/** Resolves when quiet twice in a row (or at the timeout) with how long it took and what was left. */
export async function settle(
  targets: SettleTargets,
): Promise<{ ms: number; quiet: boolean; left: Record<string, number> }> {
  const { ctx, sim, smtp } = targets;
  await sim.clearFaults();
  smtp.failNext(0, 451);
  smtp.slowNext(0, 0);
  const started = Date.now();
  let quietRounds = 0;
  let left: Record<string, number> = {};
  while (Date.now() - started < targets.timeoutMs) {
    left = await sim
      .catchUp()
      .then(() => busy(ctx, sim))
      .catch(() => ({ unreachable: 1 }));
    quietRounds = Object.values(left).every((n) => n === 0) ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return { ms: Date.now() - started, quiet: true, left };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { ms: Date.now() - started, quiet: false, left };
}
