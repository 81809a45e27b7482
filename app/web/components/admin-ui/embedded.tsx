// Whether the screens run inside Shopify admin (App Bridge present) or in demo mode. The app
// layout's loader decides once (requireMerchant: a session token means embedded); every shared
// component reads it from here instead of probing window.shopify or the URL.
import { createContext, useContext, type ReactNode } from "react";

const EmbeddedContext = createContext(false);

export function EmbeddedProvider({ embedded, children }: { embedded: boolean; children: ReactNode }) {
  return <EmbeddedContext.Provider value={embedded}>{children}</EmbeddedContext.Provider>;
}

export function useEmbedded(): boolean {
  return useContext(EmbeddedContext);
}
