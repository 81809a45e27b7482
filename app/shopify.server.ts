// The one shopifyApp() configuration: embedded, token exchange (new embedded auth strategy),
// Prisma session storage, Admin API pinned to 2026-07.
import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { enqueueBackfillAfterInstall } from "~/ingest/install.server";
import { createLogger, fileSink, formatForMode } from "~/logger.server";
import { appKeyring, resolveApiSecret } from "~/secrets/app-secrets.server";
import { DEMO_API_KEY } from "~/shopify/demo-credentials";
import { cachedSessionStorage } from "~/shopify/cached-session-storage.server";
import { encryptedSessionStorage } from "~/shopify/encrypted-session-storage.server";
import { freshOfflineSessions } from "~/shopify/fresh-offline-sessions.server";
import { offlineTokens } from "~/shopify/offline-tokens.server";
import { resealSessionTokens } from "~/shopify/session-reseal.server";
import { createRoutingFetch } from "~/shopify/routing-fetch.server";
import { libraryRefresh } from "~/shopify/token-refresh.server";

export const API_VERSION = ApiVersion.July26;
export { DEMO_API_KEY };

const config = env();

// The node adapter captured globalThis.fetch when imported; re-point it after that import.
const adminFetch = createRoutingFetch(config.SHOPIFY_ADMIN_ORIGIN, { loopbackOnly: config.RAPPORT_MODE === "demo" });
setAbstractFetchFunc(adminFetch);

export function apiSecret(): string {
  return resolveApiSecret(config);
}

const libraryLogger = createLogger({
  level: config.LOG_LEVEL,
  format: formatForMode(config.RAPPORT_MODE),
  toFile: config.LOG_FILE ? fileSink(config.LOG_FILE) : undefined,
}).child({
  library: "shopify",
});
function libraryLog(severity: LogSeverity, message: string): void {
  if (severity === LogSeverity.Error) libraryLogger.error(message);
  else if (severity === LogSeverity.Warning) libraryLogger.warn(message);
  else if (severity === LogSeverity.Info) libraryLogger.info(message);
  else libraryLogger.debug(message);
}

const keyring = appKeyring();
// The same locked refresh as background work, for the sessions the library loads (decision 0137).
const tokens = offlineTokens(db().pool, {
  keyring,
  refresh: libraryRefresh({
    apiKey: config.SHOPIFY_API_KEY ?? DEMO_API_KEY,
    apiSecretKey: apiSecret(),
    appUrl: config.SHOPIFY_APP_URL,
    fetch: adminFetch,
  }),
});

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY ?? DEMO_API_KEY,
  apiSecretKey: apiSecret(),
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: cachedSessionStorage(
    freshOfflineSessions(
      encryptedSessionStorage(new PrismaSessionStorage(db().prisma), keyring, (id) =>
        resealSessionTokens(db().pool, keyring, { id }),
      ),
      tokens,
    ),
  ),
  distribution: AppDistribution.AppStore,
  // The library's own info lines ("version 15.0.0, environment Remix") are noise in the demo terminal.
  // Its warnings and errors (e.g. "Received an invalid flow request" from authenticate.flow) go
  // through the one logger instead of console.error.
  logger: { level: LogSeverity.Warning, log: libraryLog },
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    afterAuth: async ({ session }) => {
      await enqueueBackfillAfterInstall(session.shop);
    },
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
