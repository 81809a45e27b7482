import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "~/app-context.server";
import { receiveWebhook } from "~/ingest/webhooks.server";
import { authenticate } from "~/shopify.server";

// Every topic (shopify.app.toml points them all here). authenticate.webhook answers 401 on a bad
// HMAC and 400/405 on malformed requests; the work itself is queued so Shopify gets a fast 200.
export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticate.webhook(request);
  await receiveWebhook(await appContext(), {
    topic: webhook.topic,
    shop: webhook.shop,
    webhookId: webhook.webhookId,
    eventId: webhook.eventId,
    triggeredAt: webhook.triggeredAt,
    apiVersion: webhook.apiVersion,
    payload: webhook.payload,
  });
  return new Response(null, { status: 200 });
};
