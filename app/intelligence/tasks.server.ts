// Background tasks of the intelligence area (wired into app/jobs/registry.server.ts by the lead):
//  - "intelligence.recomputeShop" {shop}: whole-shop recompute; daily (CRONTAB schedule:fanout) and on demand.
//  - "intelligence.refreshCustomer" {shop, customerId}: one customer after an order/refund/return webhook.
// Newly reached milestones are logged and stay queryable by CustomerMilestone.recordedAt.
import { z } from "zod";
import type { TaskMap } from "~/jobs/registry.server";
import { recomputeShop } from "./recompute.server";
import { refreshCustomer } from "./refresh.server";

const shopPayload = z.object({ shop: z.string().min(1) });
const customerPayload = z.object({ shop: z.string().min(1), customerId: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]) });

export const intelligenceTasks: TaskMap = {
  "intelligence.recomputeShop": async (payload, ctx) => {
    const { shop } = shopPayload.parse(payload);
    await recomputeShop(ctx, shop);
  },
  "intelligence.refreshCustomer": async (payload, ctx) => {
    const { shop, customerId } = customerPayload.parse(payload);
    const result = await refreshCustomer(ctx, shop, BigInt(customerId));
    if (result.newMilestones.length > 0) {
      ctx.log.info("intelligence.milestones", { shop, customerId: String(customerId), milestones: result.newMilestones });
    }
  },
};
