// The call-to-action link a recipient clicks: signed and routed through the app proxy so the
// click is counted once per message (app/attribution, decision 0062).
import { appProxyBase, isHttpUrl, signedCtaUrl } from "~/delivery/click-token.server";

export type CtaLinker = (m: { id: string; shop: string; ctaUrl: string }) => string;

/**
 * Click-tracked links when the app secret is configured; raw URLs otherwise (e.g. a bare dev setup).
 * `proxyBase` says where a shop's proxy routes are served: the storefront app proxy, or in demo mode
 * the app's own /proxy (the same base as the unsubscribe links, unsubscribeBaseFromEnv).
 */
export function clickTrackedLinks(
  secret = process.env.SHOPIFY_API_SECRET,
  proxyBase: (shop: string) => string = (shop) => appProxyBase(shop),
): CtaLinker | undefined {
  if (!secret) return undefined;
  return (m) =>
    isHttpUrl(m.ctaUrl)
      ? signedCtaUrl({ secret, proxyBase: proxyBase(m.shop), messageId: m.id, destination: m.ctaUrl })
      : m.ctaUrl;
}
