// Every background task's name and payload, in one place (docs/decisions/0155-typed-tasks.md).
// The names are graphile-worker's own GraphileWorker.Tasks declaration, so a misspelt name or a
// wrong payload fails the typecheck wherever a job is queued; the payload types are the inputs of
// one zod schema per task, which each handler still parses: a job's payload is JSON read back from
// the database, possibly queued by an older release.
import { z } from "zod";

const shop = z.string().min(1);
const shopOnly = z.object({ shop });
/** Ids travel as strings (job payloads are JSON); numbers are accepted from older jobs. */
const numericId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]);
const orderId = numericId.transform((value) => BigInt(value));
/** The task finds its own shops, or has nothing to be told: it is queued with `{}` (its handler ignores the payload). */
const noPayload = z.record(z.string(), z.never());

export const taskPayloads = {
  // perShop false: the task finds its own shops (campaigns.tickAll ticks only shops with active campaigns).
  "schedule:fanout": z.object({
    task: z.custom<TaskName>((value): boolean => isTaskName(value)),
    perShop: z.boolean().default(true),
  }),
  "ingest.backfill": z.object({ shop, runId: z.string().optional() }),
  // The delivery's body waits on its WebhookDelivery row (0080); jobs queued before that carry it.
  "ingest.webhook": z.object({
    shop: z.string(),
    topic: z.string(),
    webhookId: z.string(),
    triggeredAt: z.string().nullable(),
    payload: z.unknown().optional(),
  }),
  "ingest.reconcile": shopOnly,
  "intelligence.recomputeShop": shopOnly,
  "intelligence.refreshCustomer": z.object({ shop, customerId: numericId }),
  "segments.refreshPurchaseStats": z.object({ shop, customerIds: z.array(numericId).max(10_000).optional() }),
  "campaigns.onOrder": z.object({
    shop,
    orderId: z.union([z.string(), z.number()]),
    customerId: z.union([z.string(), z.number()]).nullish(),
  }),
  "campaigns.tick": shopOnly,
  "campaigns.send": shopOnly,
  "campaigns.tickAll": noPayload,
  "results.attribute": shopOnly,
  "results.attributeOrder": z.object({ shop, orderId: orderId.optional(), orderIds: z.array(orderId).optional() }),
  "privacy.expireDataRequests": noPayload,
  // A "Send a Rapport message" Flow action run (app/delivery/flow-action.server.ts, decision 0182).
  "flow.runAction": z.object({
    shop,
    campaignId: z.string().min(1),
    customerId: numericId.transform(String),
    actionRunId: z.string().min(1).max(255),
  }),
  "marketing.syncActivity": z.object({ shop, campaignId: z.string().min(1) }),
  "marketing.reportEngagement": shopOnly,
  "delivery.consentWriteBack": z.object({ shop, unsubscribeId: z.string().min(1).max(64) }),
};

type Payloads = typeof taskPayloads;
// A task declared below without a schema above (or the other way round) fails the typecheck here.
const _everyTaskHasASchema: { [K in TaskName]: z.ZodType<unknown, TaskPayload<K>> } = taskPayloads;
const _everySchemaIsATask: [Exclude<keyof Payloads, TaskName>] extends [never] ? true : false = true;

declare global {
  // graphile-worker's documented way to name tasks and type their payloads (its "TypeScript" docs).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace GraphileWorker {
    interface Tasks {
      "schedule:fanout": z.input<Payloads["schedule:fanout"]>;
      "ingest.backfill": z.input<Payloads["ingest.backfill"]>;
      "ingest.webhook": z.input<Payloads["ingest.webhook"]>;
      "ingest.reconcile": z.input<Payloads["ingest.reconcile"]>;
      "intelligence.recomputeShop": z.input<Payloads["intelligence.recomputeShop"]>;
      "intelligence.refreshCustomer": z.input<Payloads["intelligence.refreshCustomer"]>;
      "segments.refreshPurchaseStats": z.input<Payloads["segments.refreshPurchaseStats"]>;
      "campaigns.onOrder": z.input<Payloads["campaigns.onOrder"]>;
      "campaigns.tick": z.input<Payloads["campaigns.tick"]>;
      "campaigns.send": z.input<Payloads["campaigns.send"]>;
      "campaigns.tickAll": z.input<Payloads["campaigns.tickAll"]>;
      "results.attribute": z.input<Payloads["results.attribute"]>;
      "results.attributeOrder": z.input<Payloads["results.attributeOrder"]>;
      "privacy.expireDataRequests": z.input<Payloads["privacy.expireDataRequests"]>;
      "flow.runAction": z.input<Payloads["flow.runAction"]>;
      "marketing.syncActivity": z.input<Payloads["marketing.syncActivity"]>;
      "marketing.reportEngagement": z.input<Payloads["marketing.reportEngagement"]>;
      "delivery.consentWriteBack": z.input<Payloads["delivery.consentWriteBack"]>;
    }
  }
}

export type TaskName = keyof GraphileWorker.Tasks;
/** What is queued for the task (JSON). */
export type TaskPayload<K extends TaskName> = GraphileWorker.Tasks[K];
/** What its handler works with, once the payload has been checked. */
export type ParsedPayload<K extends TaskName> = z.output<Payloads[K]>;

export function isTaskName(name: unknown): name is TaskName {
  return typeof name === "string" && Object.hasOwn(taskPayloads, name);
}

/** The job's payload checked against its task's schema; throws (the job fails and is retried) if it does not fit. */
export function parsePayload<K extends TaskName>(task: K, payload: unknown): ParsedPayload<K> {
  return taskPayloads[task].parse(payload) as ParsedPayload<K>;
}
