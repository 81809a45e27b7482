// A fetch that sends https://{anything}.myshopify.com/... (and any https origin) to the
// simulator's loopback origin; hand it to createAdminApiClient({customFetchApi}) or
// shopify-api's setAbstractFetchFunc so the app's real client code talks to the simulator.

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function rewriteUrl(url: string, origin: string): string {
  const u = new URL(url);
  if (u.protocol === "https:" || u.hostname.endsWith(".myshopify.com")) {
    const target = new URL(origin);
    u.protocol = target.protocol;
    u.host = target.host;
  }
  return u.toString();
}

export function simulatorFetch(origin: string, base: FetchLike = globalThis.fetch): FetchLike {
  return (input, init) => {
    if (input instanceof Request) return base(new Request(rewriteUrl(input.url, origin), input), init);
    return base(rewriteUrl(String(input), origin), init);
  };
}
