// Background tasks of the delivery stage (wired into app/jobs/registry.server.ts).
import type { AppContext } from "~/runtime/app-context.server";
import type { TaskMap } from "~/jobs/registry.server";
import { MESSAGE_PATH_PRIORITY } from "~/jobs/queue";
import { parsePayload } from "~/jobs/tasks";
import { writeBackUnsubscribe } from "./consent-write-back.server";
import { runFlowAction } from "./flow-action.server";

export { writeBackUnsubscribe, type WriteBackOutcome } from "./consent-write-back.server";

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
      {
        jobKey: `campaigns.send:${run.shop}:now`,
        queueName: `campaigns-send:${run.shop}`,
        priority: MESSAGE_PATH_PRIORITY,
      },
    );
}

async function consentWriteBack(payload: unknown, ctx: AppContext): Promise<void> {
  const { shop, unsubscribeId } = parsePayload("delivery.consentWriteBack", payload);
  const outcome = await writeBackUnsubscribe(ctx, shop, unsubscribeId);
  ctx.log.info("delivery.consentWriteBack", { shop, unsubscribeId, outcome });
}

export const deliveryTasks = {
  "flow.runAction": runAction,
  "delivery.consentWriteBack": consentWriteBack,
} satisfies TaskMap;
