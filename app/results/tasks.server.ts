// Background tasks of the results area. The lead wires `resultsTasks` into app/jobs/registry.server.ts.
// Enqueue "results.attribute" after a backfill or a change of a campaign's window, and
// "results.attributeOrder" after an order or refund webhook (jobKey per order coalesces bursts).
import { z } from "zod";
import type { TaskMap } from "~/jobs/registry.server";
import { attributeOrders, attributeShop } from "./attribution.server";

const ShopPayload = z.object({ shop: z.string().min(1) });
const OrderId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((value) => BigInt(value));
const OrderPayload = z.object({
  shop: z.string().min(1),
  orderId: OrderId.optional(),
  orderIds: z.array(OrderId).optional(),
});

export const resultsTasks: TaskMap = {
  "results.attribute": async (payload, ctx) => {
    const { shop } = ShopPayload.parse(payload);
    const attributed = await attributeShop(ctx.db, shop);
    ctx.log.info("results.attribute done", { shop, attributed });
  },
  "results.attributeOrder": async (payload, ctx) => {
    const parsed = OrderPayload.parse(payload);
    const ids = [...(parsed.orderId === undefined ? [] : [parsed.orderId]), ...(parsed.orderIds ?? [])];
    const attributed = await attributeOrders(ctx.db, parsed.shop, ids);
    ctx.log.debug("results.attributeOrder done", { shop: parsed.shop, orders: ids.length, attributed });
  },
};

/** Task names and payload builders, for the areas that enqueue them (ingest webhooks, campaigns). */
export const RESULTS_TASK = { attribute: "results.attribute", attributeOrder: "results.attributeOrder" } as const;

export function attributeOrderJob(shop: string, orderId: bigint): { task: string; payload: Record<string, unknown>; jobKey: string } {
  return { task: RESULTS_TASK.attributeOrder, payload: { shop, orderId: orderId.toString() }, jobKey: `results.attributeOrder:${shop}:${orderId}` };
}
