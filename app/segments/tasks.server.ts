// Background tasks of the segments area (wired into app/jobs/registry.server.ts by the lead):
//  - "segments.refreshPurchaseStats" {shop, customerIds?}: rebuilds SegmentPurchaseStat, which
//    productAffinity rules read in SQL: the whole shop after a backfill / daily recompute, the
//    customers touched by order webhooks otherwise.
import { z } from "zod";
import type { TaskMap } from "~/jobs/registry.server";
import { refreshPurchaseStats } from "./purchase-stats.server";

const payloadSchema = z.object({
  shop: z.string().min(1),
  customerIds: z.array(z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])).max(10_000).optional(),
});

export const segmentTasks: TaskMap = {
  "segments.refreshPurchaseStats": async (payload, ctx) => {
    const { shop, customerIds } = payloadSchema.parse(payload);
    const { rows } = await refreshPurchaseStats(ctx.db, shop, customerIds ? { customerIds: customerIds.map(String) } : {});
    ctx.log.info("segments.purchaseStats", { shop, customers: customerIds?.length ?? "all", rows });
  },
};
