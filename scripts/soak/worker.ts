// A soak worker process (scripts/worker.ts, as the soak's cluster runs it) with the app-side
// defects named on its command line planted around the app's own tasks and SMTP transports
// (decision 0213): production code carries no switch for them.
import { pooledTransport, type TransportFor } from "~/delivery/smtp.server";
import { allTasks, type TaskHandler } from "~/jobs/registry.server";
import { parsePayload, type TaskName } from "~/jobs/tasks";
import { launch } from "~/runtime/launch.server";
import { APP_PLANTS, type AppPlant } from "./plants";

/** Every message handed to SMTP twice. */
const twice: TransportFor = (fingerprint, options) => {
  const transport = pooledTransport(fingerprint, options);
  return {
    sendMail: async (mail) => {
      const info = await transport.sendMail(mail);
      await transport.sendMail(mail);
      return info;
    },
  };
};

/**
 * An orders/create delivery processed again after it was processed, as a lost dedup would: the
 * second run is handed the body the first one cleared (a job may carry its body, 0080).
 */
function webhookTwice(processWebhook: TaskHandler): TaskHandler {
  return async (payload, ctx) => {
    const queued = parsePayload("ingest.webhook", payload);
    if (queued.topic !== "orders/create") return processWebhook(payload, ctx);
    const row = await ctx.db.pool.query<{ payload: string | null }>(
      `SELECT payload FROM "WebhookDelivery" WHERE shop = $1 AND "webhookId" = $2`,
      [queued.shop, queued.webhookId],
    );
    await processWebhook(payload, ctx);
    const body = row.rows[0]?.payload;
    if (body != null) await processWebhook({ ...queued, payload: JSON.parse(body) as unknown }, ctx);
  };
}

function plantedTasks(defects: readonly AppPlant[]): Record<TaskName, TaskHandler> {
  const tasks = allTasks();
  if (defects.includes("webhook-twice")) tasks["ingest.webhook"] = webhookTwice(tasks["ingest.webhook"]);
  if (defects.includes("message-twice"))
    for (const name of Object.keys(tasks) as TaskName[]) {
      const run = tasks[name];
      tasks[name] = (payload, ctx) => run(payload, { ...ctx, smtp: twice });
    }
  return tasks;
}

const defects = APP_PLANTS.filter((plant) => process.argv.slice(2).includes(plant));
await launch({ dev: false, web: false, worker: true, tasks: plantedTasks(defects) });
