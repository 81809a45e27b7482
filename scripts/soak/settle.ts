// After the traffic: faults off, then wait until the pipeline is quiet — every webhook delivered
// (or given up by Shopify), every delivery processed, no job runnable, no message due and unsent.
import type { AppContext } from "~/runtime/app-context.server";
import type { Simulator } from "~sim/index";
import type { Cluster } from "./cluster";
import type { FaultySmtp } from "./smtp";

export interface SettleTargets {
  ctx: AppContext;
  sim: Simulator;
  cluster: Cluster;
  smtp: FaultySmtp;
  timeoutMs: number;
}

async function busy(ctx: AppContext, sim: Simulator): Promise<Record<string, number>> {
  const one = async (sql: string, values: unknown[] = []) =>
    (await ctx.db.pool.query<{ n: number }>(sql, values)).rows[0].n;
  return {
    webhooksInFlight: sim.webhooks.deliveries.filter((d) => d.state === "pending").length,
    deliveriesUnprocessed: await one(
      `SELECT count(*)::int AS n FROM "WebhookDelivery" WHERE status IN ('received', 'failed')`,
    ),
    jobsRunnable: await one(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE run_at <= now() AND attempts < max_attempts`,
    ),
    messagesDue: await one(
      `SELECT count(*)::int AS n FROM "Message" WHERE status IN ('pending', 'sending') AND "scheduledFor" <= now()`,
    ),
  };
}

/** Resolves when quiet twice in a row (or at the timeout) with how long it took and what was left. */
export async function settle(
  targets: SettleTargets,
): Promise<{ ms: number; quiet: boolean; left: Record<string, number> }> {
  const { ctx, sim, smtp } = targets;
  sim.faults.clear();
  smtp.failNext(0, 451);
  smtp.slowNext(0, 0);
  const started = Date.now();
  let quietRounds = 0;
  let left: Record<string, number> = {};
  while (Date.now() - started < targets.timeoutMs) {
    sim.clock.advance(new Date());
    left = await busy(ctx, sim).catch(() => ({ unreachable: 1 }));
    quietRounds = Object.values(left).every((n) => n === 0) ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return { ms: Date.now() - started, quiet: true, left };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { ms: Date.now() - started, quiet: false, left };
}
