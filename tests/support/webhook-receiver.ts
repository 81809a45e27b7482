// A minimal webhook endpoint for tests and the ingest benchmark: checks the HMAC the way
// authenticate.webhook does, then hands the delivery to receiveWebhook (the real route,
// app/routes/webhooks.tsx, wraps the same call).
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AppContext } from "~/runtime/app-context.server";
import { receiveWebhook } from "~/ingest/webhooks.server";

export interface WebhookReceiver {
  url: string;
  received: number;
  rejected: number;
  close: () => Promise<void>;
}

export async function startWebhookReceiver(ctx: AppContext, secret: string): Promise<WebhookReceiver> {
  const state = { received: 0, rejected: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const header = (name: string): string | undefined => req.headers[name] as string | undefined;
      const expected = crypto.createHmac("sha256", secret).update(raw).digest("base64");
      const given = header("x-shopify-hmac-sha256") ?? "";
      if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        state.rejected++;
        res.writeHead(401).end();
        return;
      }
      receiveWebhook(ctx, {
        topic: header("x-shopify-topic") ?? "",
        shop: header("x-shopify-shop-domain") ?? "",
        webhookId: header("x-shopify-webhook-id") ?? "",
        eventId: header("x-shopify-event-id") ?? null,
        triggeredAt: header("x-shopify-triggered-at") ?? null,
        apiVersion: header("x-shopify-api-version") ?? null,
        payload: JSON.parse(raw.toString("utf8")) as unknown,
      }).then(
        () => {
          state.received++;
          res.writeHead(200).end();
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return {
    url,
    get received() {
      return state.received;
    },
    get rejected() {
      return state.rejected;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
