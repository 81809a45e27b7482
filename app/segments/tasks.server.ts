// Background tasks of the segments area (wired into app/jobs/registry.server.ts by the lead):
//  - "segments.refreshPurchaseStats" {shop, customerIds?}: rebuilds SegmentPurchaseStat, which
//    productAffinity rules read in SQL: the whole shop after a backfill / daily recompute, the
//    customers touched by order webhooks otherwise.
import type { TaskMap } from "~/jobs/registry.server";
import { parsePayload } from "~/jobs/tasks";
import { refreshPurchaseStats } from "./purchase-stats.server";

export const segmentTasks = {
  "segments.refreshPurchaseStats": async (payload, ctx) => {
    const { shop, customerIds } = parsePayload("segments.refreshPurchaseStats", payload);
    const { rows } = await refreshPurchaseStats(
      ctx.db,
      shop,
      customerIds ? { customerIds: customerIds.map(String) } : {},
    );
    ctx.log.info("segments.purchaseStats", { customers: customerIds?.length ?? "all", rows });
  },
} satisfies TaskMap;
