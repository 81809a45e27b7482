// The call-to-action link a recipient clicks: signed and routed through the app proxy so the
// click is counted once per message (app/attribution, decision 0062).
import { appProxyBase, isHttpUrl, signedCtaUrl } from "~/delivery/click-token.server";

export type CtaLinker = (m: { id: string; shop: string; ctaUrl: string }) => string;

/** Click-tracked links when the app secret is configured; raw URLs otherwise (e.g. a bare dev setup). */
export function clickTrackedLinks(secret = process.env.SHOPIFY_API_SECRET): CtaLinker | undefined {
  if (!secret) return undefined;
  return (m) =>
    isHttpUrl(m.ctaUrl)
      ? signedCtaUrl({ secret, proxyBase: appProxyBase(m.shop), messageId: m.id, destination: m.ctaUrl })
      : m.ctaUrl;
}
