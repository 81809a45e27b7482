// In demo and test mode every Shopify request goes to the local Shopify simulator instead of
// https://{shop}: the app's real client code runs unchanged, only the transport is re-pointed.
// Demo mode refuses any non-loopback destination so it can never reach a real shop.
import { isLoopback } from "~/env.server";

export class RealShopRefusedError extends Error {}

export function createRoutingFetch(adminOrigin: string | undefined, options: { loopbackOnly: boolean }): typeof fetch {
  const base = globalThis.fetch.bind(globalThis);
  return async (input, init) => {
    const original = new URL(input instanceof Request ? input.url : String(input));
    let target = original;
    if (adminOrigin && original.hostname.endsWith(".myshopify.com")) {
      const origin = new URL(adminOrigin);
      target = new URL(original.pathname + original.search, origin);
    }
    if (options.loopbackOnly && !isLoopback(target.origin)) {
      throw new RealShopRefusedError(
        `demo mode refuses to contact ${target.origin}: only the local Shopify simulator is allowed`,
      );
    }
    if (target === original) return base(input, init);
    const request = input instanceof Request ? new Request(target, input) : target;
    return base(request, init);
  };
}
