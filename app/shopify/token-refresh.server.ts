// The library's own offline-token refresh (@shopify/shopify-api `auth.refreshToken`), the function
// `unauthenticated.admin` calls when a token is near expiry: POST https://{shop}/admin/oauth/access_token
// with client_id, client_secret, refresh_token and grant_type=refresh_token, answered with a new
// Session (expires, refreshToken, refreshTokenExpires). The locking around it is ours
// (offline-tokens.server.ts, decision 0136).
// The adapter @shopify/shopify-app-remix itself loads (web Request/Response); the node adapter would
// replace its request conversion process-wide.
import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { Logger } from "~/logger.server";
import type { RefreshFn } from "~/shopify/offline-tokens.server";

export interface LibraryRefreshConfig {
  apiKey: string;
  apiSecretKey: string;
  appUrl: string;
  /** The transport for https://{shop} (routing-fetch.server.ts); it is process-wide in the library. */
  fetch?: typeof fetch;
  log?: Logger;
}

export function libraryRefresh(config: LibraryRefreshConfig): RefreshFn {
  if (config.fetch) setAbstractFetchFunc(config.fetch);
  const api = shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecretKey,
    apiVersion: ApiVersion.July26,
    hostName: new URL(config.appUrl).host,
    isEmbeddedApp: true,
    scopes: [],
    logger: {
      level: LogSeverity.Warning,
      log: async (_severity, message) => config.log?.warn("shopify-api", { message }),
    },
  });
  return async (shop, refreshToken) => (await api.auth.refreshToken({ shop, refreshToken })).session;
}
