// Flow's trigger lifecycle callback for the "Rapport message" trigger
// (extensions/rapport-message-lifecycle, https://shopify.dev/docs/apps/build/flow/track-lifecycle-events):
// verified with authenticate.flow (HMAC of the raw body with the app secret in
// X-Shopify-Hmac-Sha256; 405 for non-POST, 400 for a bad HMAC or an unknown shop), stored, 200.
// Flow refuses to turn the merchant's workflow on unless this answers 2xx within five seconds,
// so the work is one INSERT (decision 0180).
import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "~/runtime/app-context.server";
import { recordLifecycle } from "~/delivery/flow-state.server";
import { lifecyclePayload } from "~/delivery/rules/flow/lifecycle";
import { authenticate } from "~/shopify.server";

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, session } = await authenticate.flow(request);
  const parsed = lifecyclePayload.safeParse(payload);
  if (!parsed.success) return plain(400, `Not a trigger lifecycle callback: ${parsed.error.issues[0]?.message ?? ""}`);
  // authenticate.flow found the session by this domain; anything else would be a different shop.
  if (parsed.data.shopify_domain !== session.shop) return plain(400, "shopify_domain does not match the shop");
  const ctx = await appContext();
  const applied = await recordLifecycle(ctx.db, parsed.data, ctx.now());
  ctx.log.info("flow lifecycle callback", {
    shop: session.shop,
    trigger: parsed.data.flow_trigger_definition_id,
    hasEnabledFlow: parsed.data.has_enabled_flow,
    applied,
  });
  return new Response(null, { status: 200 });
};
