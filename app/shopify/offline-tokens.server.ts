// The shop's offline access token for background work, kept fresh (decision 0136). Expiring
// offline tokens live one hour; Shopify rotates the refresh token on every refresh and keeps only
// one access token active per shop, so two processes refreshing at once would revoke each other's
// token. One refresh at a time per shop across processes: a PostgreSQL advisory lock keyed by the
// shop, then the session is read again and refreshed only if no one else already did. The new
// pair is written in the same transaction, encrypted like every stored token (decision 0110).
import type { Session } from "@shopify/shopify-api";
import { HttpResponseError } from "@shopify/shopify-api";
import type pg from "pg";
import type { Logger } from "~/logger.server";
import { encryptSecret, isEnvelope, revealStored, type Keyring } from "~/secrets/secret-box.server";
import { AdminApiError } from "~/shopify/admin";

/** Refresh shortly before expiry, as the library does (ensure-offline-token-is-not-expired). */
export const REFRESH_WITHIN_MS = 5 * 60 * 1000;

/** The library's refresh: `api.auth.refreshToken({shop, refreshToken})`, resolving the new session. */
export type RefreshFn = (shop: string, refreshToken: string) => Promise<Session>;

export interface OfflineToken {
  accessToken: string;
  expires: Date | null;
}

export interface OfflineTokens {
  /** The stored token, refreshed first when it expires within REFRESH_WITHIN_MS. */
  current(shop: string): Promise<OfflineToken>;
  /** After Shopify answered 401 to `rejected`: a refreshed token (or the one another process already stored). */
  renew(shop: string, rejected: string): Promise<OfflineToken>;
}

export interface OfflineTokenOptions {
  keyring?: Keyring;
  /** Without it tokens are only re-read, never refreshed (non-expiring tokens, benchmarks). */
  refresh?: RefreshFn;
  now?: () => number;
  log?: Logger;
}

interface Row {
  accessToken: string;
  refreshToken: string | null;
  expires: Date | null;
}

export function offlineTokens(pool: pg.Pool, options: OfflineTokenOptions = {}): OfflineTokens {
  const now = options.now ?? Date.now;
  const expiresSoon = (expires: Date | null) => expires !== null && expires.getTime() - REFRESH_WITHIN_MS < now();

  const reveal = (shop: string, stored: string): string => {
    if (!options.keyring && isEnvelope(stored))
      throw new AdminApiError("auth", `the offline session for ${shop} is encrypted and no keyring was given`, false);
    return options.keyring ? revealStored(options.keyring, stored) : stored;
  };
  const seal = (value: string) => (options.keyring ? encryptSecret(options.keyring, value) : value);

  async function read(client: pg.ClientBase | pg.Pool, shop: string): Promise<Row> {
    const { rows } = await client.query<Row>(
      `SELECT "accessToken", "refreshToken", expires FROM "Session" WHERE id = $1`,
      [`offline_${shop}`],
    );
    const row = rows[0];
    if (!row?.accessToken) throw new AdminApiError("auth", `no offline session for ${shop}`, false);
    return {
      accessToken: reveal(shop, row.accessToken),
      refreshToken: row.refreshToken ? reveal(shop, row.refreshToken) : null,
      expires: row.expires,
    };
  }

  async function callRefresh(shop: string, refreshToken: string): Promise<Session> {
    try {
      return await options.refresh!(shop, refreshToken);
    } catch (error) {
      // A refused refresh token (invalid_grant, uninstalled app) needs the merchant; anything else may pass.
      if (
        error instanceof HttpResponseError &&
        error.response.code >= 400 &&
        error.response.code < 500 &&
        error.response.code !== 429
      ) {
        throw new AdminApiError(
          "auth",
          `Shopify refused to refresh the offline token for ${shop} (HTTP ${error.response.code}); the merchant must open the app again`,
          false,
          error.response.body,
        );
      }
      throw new AdminApiError(
        "network",
        `offline token refresh for ${shop} failed: ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
  }

  /** Under the shop's lock: refresh if `stale(row)` still holds after re-reading, else use what is stored. */
  async function refreshLocked(shop: string, stale: (row: Row) => boolean): Promise<OfflineToken> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL lock_timeout = '30s'");
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`rapport:offline-token:${shop}`]);
      const row = await read(client, shop);
      if (!stale(row) || !row.refreshToken || !options.refresh) {
        await client.query("COMMIT");
        return { accessToken: row.accessToken, expires: row.expires };
      }
      const fresh = await callRefresh(shop, row.refreshToken);
      if (!fresh.accessToken)
        throw new AdminApiError("auth", `the token refresh for ${shop} answered without an access token`, false);
      await client.query(
        `UPDATE "Session" SET "accessToken" = $2, "refreshToken" = $3, expires = $4, "refreshTokenExpires" = $5, scope = COALESCE($6, scope) WHERE id = $1`,
        [
          `offline_${shop}`,
          seal(fresh.accessToken),
          fresh.refreshToken ? seal(fresh.refreshToken) : null,
          fresh.expires ?? null,
          fresh.refreshTokenExpires ?? null,
          fresh.scope ?? null,
        ],
      );
      await client.query("COMMIT");
      options.log?.info("offline token refreshed", { shop, expires: fresh.expires?.toISOString() });
      return { accessToken: fresh.accessToken, expires: fresh.expires ?? null };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    async current(shop) {
      const row = await read(pool, shop);
      if (!expiresSoon(row.expires) || !row.refreshToken) return { accessToken: row.accessToken, expires: row.expires };
      return refreshLocked(shop, (r) => expiresSoon(r.expires));
    },
    renew: (shop, rejected) => refreshLocked(shop, (r) => r.accessToken === rejected),
  };
}
