// Background tasks of the segments area (wired into app/jobs/registry.server.ts by the lead):
//  - "segments.refreshPurchaseStats" {shop, customerIds?}: rebuilds SegmentPurchaseStat, which
//    productAffinity rules read in SQL: the whole shop after a backfill / daily recompute, the
//    customers touched by order webhooks otherwise.
import type { TaskHandler, TaskMap } from "~/jobs/registry.server";
import { parsePayload } from "~/jobs/tasks";
import { PURCHASE_STATS_WAIT_MS, refreshPurchaseStats } from "./purchase-stats.server";

/** A webhook's orders have at most this many customers; a longer list (a reconcile page) is not keyed. */
const KEYED_MAX_CUSTOMERS = 10;

/**
 * One pending refresh per set of customers: the same set's next one replaces it (the refresh reads
 * everything anew). Unset past a webhook's worth of customers: the key would outgrow graphile-worker's
 * unique index, and such a list is queued once, by a reconcile page. Never `purchaseStats:<shop>`,
 * the whole-shop rebuild's key.
 */
export function purchaseStatsJobKey(shop: string, customerIds: readonly (string | bigint)[]): string | undefined {
  const ids = [...new Set(customerIds.map((id) => BigInt(id).toString()))].sort();
  return ids.length > 0 && ids.length <= KEYED_MAX_CUSTOMERS ? `purchaseStats:${shop}:${ids.join(",")}` : undefined;
}

/**
 * A refresh that met a whole-shop rebuild is queued again after this long (0224), as a profile
 * refresh is (0216): the rebuild takes minutes on a large shop, and each retry is one job.
 */
export const PURCHASE_STATS_RETRY_MS = 15_000;

/** The task's handler; `waitMs` is how long a refresh of some customers waits for a rebuild (tests shorten it). */
export function refreshPurchaseStatsTask(waitMs = PURCHASE_STATS_WAIT_MS): TaskHandler {
  return async (payload, ctx) => {
    const { shop, customerIds } = parsePayload("segments.refreshPurchaseStats", payload);
    const ids = customerIds?.map(String);
    const { rows, busy } = await refreshPurchaseStats(ctx.db, shop, ids ? { customerIds: ids, waitMs } : {});
    if (busy && ids) {
      const runAt = new Date(ctx.now().getTime() + PURCHASE_STATS_RETRY_MS);
      await ctx.queue.enqueue(
        "segments.refreshPurchaseStats",
        { shop, customerIds: ids },
        { jobKey: purchaseStatsJobKey(shop, ids), runAt },
      );
      ctx.log.info("segments.purchaseStats deferred: the shop's rebuild is running", { customers: ids.length });
      return;
    }
    ctx.log.info("segments.purchaseStats", { customers: ids?.length ?? "all", rows });
  };
}

export const segmentTasks = {
  "segments.refreshPurchaseStats": refreshPurchaseStatsTask(),
} satisfies TaskMap;
