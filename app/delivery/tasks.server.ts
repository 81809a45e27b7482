// Background tasks of the delivery stage (wired into app/jobs/registry.server.ts).
import type { AppContext } from "~/runtime/app-context.server";
import type { TaskMap } from "~/jobs/registry.server";
import { parsePayload } from "~/jobs/tasks";
import { runFlowAction } from "./flow-action.server";

/** Makes the Message a Flow action run asked for, then lets the outbox send it (campaigns.send). */
async function runAction(payload: unknown, ctx: AppContext): Promise<void> {
  const run = parsePayload("flow.runAction", payload);
  const outcome = await runFlowAction(ctx, run);
  ctx.log.info("flow.runAction", {
    shop: run.shop,
    campaignId: run.campaignId,
    actionRunId: run.actionRunId,
    ...outcome,
  });
  if (outcome.created && outcome.status === "pending")
    await ctx.queue.enqueue(
      "campaigns.send",
      { shop: run.shop },
      { jobKey: `campaigns.send:${run.shop}:now`, queueName: `campaigns-send:${run.shop}` },
    );
}

export const deliveryTasks = { "flow.runAction": runAction } satisfies TaskMap;
