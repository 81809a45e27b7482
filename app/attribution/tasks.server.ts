// Background tasks of the results area. The lead wires `resultsTasks` into app/jobs/registry.server.ts.
// Enqueue "results.attribute" after a backfill or a change of a campaign's window, and
// "results.attributeOrder" after an order or refund webhook (jobKey per order coalesces bursts).
import type { TaskMap } from "~/jobs/registry.server";
import { parsePayload, type TaskPayload } from "~/jobs/tasks";
import { attributeOrders, attributeShop } from "./attribution.server";

export const resultsTasks = {
  "results.attribute": async (payload, ctx) => {
    const { shop } = parsePayload("results.attribute", payload);
    const attributed = await attributeShop(ctx.db, shop);
    ctx.log.info("results.attribute done", { attributed });
  },
  "results.attributeOrder": async (payload, ctx) => {
    const parsed = parsePayload("results.attributeOrder", payload);
    const ids = [...(parsed.orderId === undefined ? [] : [parsed.orderId]), ...(parsed.orderIds ?? [])];
    const attributed = await attributeOrders(ctx.db, parsed.shop, ids);
    ctx.log.debug("results.attributeOrder done", { orders: ids.length, attributed });
  },
} satisfies TaskMap;

/** Task names and payload builders, for the areas that enqueue them (ingest webhooks, campaigns). */
export const RESULTS_TASK = { attribute: "results.attribute", attributeOrder: "results.attributeOrder" } as const;

export function attributeOrderJob(
  shop: string,
  orderId: bigint,
): {
  task: typeof RESULTS_TASK.attributeOrder;
  payload: TaskPayload<typeof RESULTS_TASK.attributeOrder>;
  jobKey: string;
} {
  return {
    task: RESULTS_TASK.attributeOrder,
    payload: { shop, orderId: orderId.toString() },
    jobKey: `results.attributeOrder:${shop}:${orderId}`,
  };
}
