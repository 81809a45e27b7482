import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/runtime/app-context.server";
import { handleClick } from "~/delivery/clicks.server";
import { appProxyShop } from "~/shopify/app-proxy.server";
import { apiSecret } from "~/shopify.server";

// A message's call-to-action: storefront /apps/rapport/r/:token → Shopify's app proxy → here.
// Shopify signs the proxied request (checked by authenticate.public.appProxy); the token carries
// its own HMAC, so in demo mode, where no storefront proxy exists, the link is served directly.
// HEAD requests reach this loader too (Remix runs loaders for HEAD): link scanners send them, and
// they are recorded as machine clicks but still answered with the redirect (decision 0176).
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const shop = await appProxyShop(request);
  const result = await handleClick(
    { ...(await appContext()), appSecret: apiSecret() },
    { token: params.token ?? "", shop, method: request.method, userAgent: request.headers.get("user-agent") },
  );
  if (result.status === 400)
    return new Response(result.error, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return redirect(result.redirectTo);
};
