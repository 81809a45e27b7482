// Offline sessions handed to the library already fresh (decision 0137). authenticate.webhook (and
// authenticate.admin) load the shop's offline session and, when its token expires within five
// minutes, refresh it on the spot with no lock. Expiring tokens live an hour, so for a quiet shop
// the stored token is usually expired: every webhook of a burst would refresh at once, each
// refresh revoking the token the previous one issued, and after an uninstall the refused refresh
// became a 500 for app/uninstalled itself. Here the refresh goes through the same locked path as
// background work (offline-tokens.server.ts): one refresh per shop across processes.
import type { Session } from "@shopify/shopify-api";
import { AdminApiError } from "~/shopify/admin";
import type { SessionStore } from "~/shopify/cached-session-storage.server";
import { REFRESH_WITHIN_MS, type OfflineTokens } from "~/shopify/offline-tokens.server";

const needsRefresh = (session: Session): boolean =>
  !session.isOnline && Boolean(session.refreshToken) && session.isExpired(REFRESH_WITHIN_MS);

export function freshOfflineSessions(inner: SessionStore, tokens: Pick<OfflineTokens, "current">): SessionStore {
  return {
    ...inner,
    loadSession: async (id) => {
      const session = await inner.loadSession(id);
      if (!session || !needsRefresh(session)) return session;
      try {
        await tokens.current(session.shop);
      } catch (error) {
        // Shopify refused the refresh token (uninstalled, revoked): there is no usable offline
        // session, so the library neither refreshes again nor fails the request; an embedded
        // request then gets a new token by token exchange.
        if (error instanceof AdminApiError && error.kind === "auth" && !error.retryable) return undefined;
        // A passing failure: the library tries once more itself, as it would have.
        return session;
      }
      return inner.loadSession(id);
    },
  };
}
