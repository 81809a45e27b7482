// Background tasks of the ingest area (wired in app/jobs/registry.server.ts).
//   ingest.backfill      {shop, runId?}  history by bulk queries; re-enqueues itself while Shopify works
//   ingest.webhook       WebhookJob      one webhook delivery (queued by receiveWebhook)
//   ingest.reconcile     {shop}          changes since the sync cursors
import type { AppContext } from "~/runtime/app-context.server";
import type { TaskMap } from "~/jobs/registry.server";
import { parsePayload } from "~/jobs/tasks";
import { backfillStep, createBackfillRun, failBackfill, type BackfillOptions } from "~/ingest/backfill.server";
import { reconcileShop } from "~/ingest/reconcile.server";
import { processWebhook } from "~/ingest/webhooks.server";

export const BACKFILL_POLL_MS = 5_000;

/** Finds the shop's unfinished backfill, or starts one. */
export async function backfillRunFor(ctx: AppContext, shop: string, runId?: string): Promise<string> {
  if (runId) return runId;
  const open = await ctx.db.prisma.syncRun.findFirst({
    where: { shop, kind: "backfill", status: { in: ["queued", "running"] } },
    orderBy: { startedAt: "desc" },
  });
  return open?.id ?? (await createBackfillRun(ctx, shop));
}

/** Runs one backfill as far as it can; true when finished. Holds a per-run advisory lock. */
export async function runBackfill(
  ctx: AppContext,
  shop: string,
  runId: string,
  options: BackfillOptions = {},
): Promise<"done" | "waiting" | "busy"> {
  const lock = await ctx.db.pool.connect();
  try {
    const got = await lock.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [
      `backfill:${runId}`,
    ]);
    if (!got.rows[0].ok) return "busy";
    try {
      for (;;) {
        const outcome = await backfillStep(ctx, shop, runId, options);
        if (outcome !== "progress") return outcome;
      }
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`backfill:${runId}`]);
    }
  } finally {
    lock.release();
  }
}

export function createIngestTasks(options: BackfillOptions & { pollMs?: number } = {}) {
  return {
    "ingest.backfill": async (payload, ctx) => {
      const { shop, runId: given } = parsePayload("ingest.backfill", payload);
      const runId = await backfillRunFor(ctx, shop, given);
      try {
        const outcome = await runBackfill(ctx, shop, runId, options);
        if (outcome === "waiting") {
          await ctx.queue.enqueue(
            "ingest.backfill",
            { shop, runId },
            { jobKey: `backfill:${shop}`, runAt: new Date(ctx.now().getTime() + (options.pollMs ?? BACKFILL_POLL_MS)) },
          );
        }
      } catch (error) {
        ctx.log.error("backfill step failed", { runId, error: error instanceof Error ? error.message : String(error) });
        // Configuration errors (a rejected query) will not heal by retrying; the rest will.
        if (error instanceof Error && error.message.includes("rejected")) await failBackfill(ctx, shop, runId, error);
        throw error;
      }
    },
    "ingest.webhook": processWebhook,
    "ingest.reconcile": async (payload, ctx) => {
      const { shop } = parsePayload("ingest.reconcile", payload);
      await reconcileShop(ctx, shop);
    },
  } satisfies TaskMap;
}

export const ingestTasks = createIngestTasks();
