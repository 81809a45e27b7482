// The shop of a request that came through Shopify's app proxy (storefront /apps/rapport/…), checked
// with the library's own authenticate.public.appProxy. Demo mode has no storefront proxy, so its
// links are served directly (they carry their own HMAC); but a request that says it came through
// the proxy (it carries a `signature`) is checked in every mode, so a forged one never passes.
import { env } from "~/env.server";
import { authenticate } from "~/shopify.server";

/** The verified proxy shop, or undefined for a direct demo request; throws Shopify's 400 on a bad signature. */
export async function appProxyShop(request: Request): Promise<string | undefined> {
  const url = new URL(request.url);
  if (env().RAPPORT_MODE === "demo" && !url.searchParams.has("signature")) return undefined;
  await authenticate.public.appProxy(request);
  return url.searchParams.get("shop") ?? undefined;
}
