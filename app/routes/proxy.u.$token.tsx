import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/runtime/app-context.server";
import { lookupUnsubscribe, unsubscribe } from "~/delivery/unsubscribe.server";
import { confirmPage, donePage, errorPage } from "~/delivery/unsubscribe-page.server";
import { appProxyShop } from "~/shopify/app-proxy.server";
import { apiSecret } from "~/shopify.server";

// An email's unsubscribe link: storefront /apps/rapport/u/:token → Shopify's app proxy → here
// (decision 0173). GET shows a confirm form (link scanners fetch GETs, so a GET changes nothing);
// POST unsubscribes: the form, or the mailbox provider's RFC 8058 one-click POST. The token carries
// its own HMAC; in demo mode, where no storefront proxy exists, the link is served directly
// (a request carrying a proxy signature is still checked: app/shopify/app-proxy.server.ts).
async function context(request: Request) {
  const shop = await appProxyShop(request);
  return { ctx: { ...(await appContext()), appSecret: apiSecret() }, shop };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { ctx, shop } = await context(request);
  const found = await lookupUnsubscribe(ctx, params.token ?? "", shop);
  return found.ok ? confirmPage(found.target.shopName) : errorPage(found.error);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return errorPage("Use the unsubscribe button.", 405);
  const { ctx, shop } = await context(request);
  const form = new URLSearchParams((await request.text()).slice(0, 1024));
  const source = form.get("List-Unsubscribe") === "One-Click" && !form.has("confirm") ? "one_click" : "link";
  const result = await unsubscribe(ctx, { token: params.token ?? "", shop, source });
  return result.ok ? donePage(result.target.shopName) : errorPage(result.error);
};
