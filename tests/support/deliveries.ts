// One webhook delivery as the intake receives it (the fast path's shape), for the intake's tests.
import type { Delivery } from "~/ingest/webhook-intake.server";

export interface TestDeliveryOptions {
  shop: string;
  topic?: string;
  /** Stored with the row and passed to the job; null as when the header is absent or unreadable. */
  triggeredAt?: string | null;
  /** The body as received (JSON text); by default `{"id": …}`. */
  payload?: string;
  jobOptions?: Delivery["job"]["options"];
}

export function testDelivery(id: string, options: TestDeliveryOptions): Delivery {
  const { shop, topic = "orders/updated" } = options;
  const triggeredAt = options.triggeredAt === undefined ? "2026-12-05T10:00:00.000Z" : options.triggeredAt;
  return {
    webhookId: id,
    shop,
    topic,
    eventId: `e-${id}`,
    triggeredAt,
    payload: options.payload ?? JSON.stringify({ id }),
    job: {
      task: "ingest.webhook",
      payload: { webhookId: id, shop, topic, triggeredAt },
      options: options.jobOptions ?? { maxAttempts: 12 },
    },
  };
}
