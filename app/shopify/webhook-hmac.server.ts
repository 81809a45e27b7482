// The library's own webhook check (`webhooks.validate` of @shopify/shopify-api, the one
// authenticate.webhook calls): HMAC of the raw body with the app secret, then the required
// headers. Built once over the app's secret; it needs no session, so the webhook fast path
// (docs/decisions/0218) skips the session load and admin client authenticate.webhook adds.
import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, LogSeverity, shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
import { env } from "~/env.server";
import { resolveApiSecret } from "~/secrets/app-secrets.server";
import { DEMO_API_KEY } from "~/shopify/demo-credentials";

export interface ValidWebhook {
  valid: true;
  topic: string;
  shop: string;
  webhookId: string;
  apiVersion: string;
}
export type WebhookCheck = ValidWebhook | { valid: false; status: 400 | 401 };

let validator: ReturnType<typeof shopifyApi>["webhooks"]["validate"] | undefined;

function validate(): NonNullable<typeof validator> {
  if (validator) return validator;
  const config = env();
  const appUrl = new URL(config.SHOPIFY_APP_URL);
  validator = shopifyApi({
    apiKey: config.SHOPIFY_API_KEY ?? DEMO_API_KEY,
    apiSecretKey: resolveApiSecret(config),
    apiVersion: ApiVersion.July26,
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    isEmbeddedApp: true,
    // Its only lines here would be debug notes on a failed HMAC; the 401 says it.
    logger: { level: LogSeverity.Error, log: async () => undefined },
  }).webhooks.validate;
  return validator;
}

/**
 * Checks a delivery as authenticate.webhook does: 401 for a bad HMAC, 400 for a missing body,
 * HMAC or required header. `headers` holds the request's x-shopify-* headers the library requires (lower case).
 */
export async function checkWebhook(url: string, headers: Headers, rawBody: string): Promise<WebhookCheck> {
  // The library reads method, url and headers.entries() of the request (its web-api adapter).
  const check = await validate()({ rawBody, rawRequest: { method: "POST", url, headers } });
  if (!check.valid)
    return { valid: false, status: check.reason === WebhookValidationErrorReason.InvalidHmac ? 401 : 400 };
  return {
    valid: true,
    topic: check.topic,
    shop: check.domain,
    webhookId: check.webhookId,
    apiVersion: check.apiVersion,
  };
}
