// The real AdminGraphql: @shopify/admin-api-client for URL, headers and body, our own loop for
// retries, because Shopify's throttling arrives as HTTP 200 with errors[].extensions.code
// THROTTLED and the bucket state tells exactly how long to wait (docs/decisions/0040-admin-client-retries.md).
import { createAdminApiClient } from "@shopify/admin-api-client";
import type { Db } from "~/db.server";
import type { Logger } from "~/logger.server";
import type { Keyring } from "~/secrets/secret-box.server";
import { AdminApiError, type AdminFactory, type AdminGraphql, type RequestOptions } from "~/shopify/admin";
import { offlineTokens, REFRESH_WITHIN_MS, type OfflineToken, type RefreshFn } from "~/shopify/offline-tokens.server";
import { throttleWaitMs, type GraphqlBody } from "~/shopify/throttle";

export interface RetryOptions {
  /** Attempts in all, the first included, for 5xx, network and timeout failures. */
  maxAttempts: number;
  /** Throttled answers are waited out (as long as the bucket says) up to this many times. */
  maxThrottledAttempts: number;
  maxThrottleWaitMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt. */
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** Where a client gets its token: expiring offline tokens are refreshed, and renewed after a 401. */
export interface AccessTokenSource {
  token(): Promise<string>;
  /** Shopify answered 401 to `rejected`; resolves the token to retry with. */
  renew(rejected: string): Promise<string>;
}

export interface AdminClientOptions {
  shop: string;
  accessToken: string | AccessTokenSource;
  apiVersion: string;
  /** Sends requests here instead of https://{shop} (the local simulator), keeping the path. */
  endpoint?: string;
  fetch?: typeof fetch;
  log?: Logger;
  retry?: Partial<RetryOptions>;
}

const defaults: RetryOptions = {
  maxAttempts: 6,
  maxThrottledAttempts: 30,
  maxThrottleWaitMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  timeoutMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

function classify(status: number, body: GraphqlBody | undefined): AdminApiError | undefined {
  if (status === 401 || status === 403)
    return new AdminApiError("auth", `Admin API answered ${status}`, false, { status });
  if (status === 429) return new AdminApiError("throttled", "Admin API answered 429", true, { status });
  if (status >= 500) return new AdminApiError("server", `Admin API answered ${status}`, true, { status });
  if (status >= 400 || !body)
    return new AdminApiError("graphql", `Admin API answered ${status}`, false, { status, body });
  const errors = body.errors ?? [];
  if (errors.some((e) => e.extensions?.code === "THROTTLED"))
    return new AdminApiError("throttled", "Admin API throttled the query", true, body.extensions);
  if (errors.some((e) => e.extensions?.code === "ACCESS_DENIED"))
    return new AdminApiError("auth", errors.map((e) => e.message).join("; "), false, errors);
  if (errors.length > 0) return new AdminApiError("graphql", errors.map((e) => e.message).join("; "), false, errors);
  if (body.data === undefined || body.data === null)
    return new AdminApiError("graphql", "Admin API answered without data", false, body);
  return undefined;
}

export function createAdminClient(options: AdminClientOptions): AdminGraphql {
  const retry = { ...defaults, ...options.retry };
  const log = options.log?.child({ shop: options.shop });
  const baseFetch = options.fetch ?? globalThis.fetch;
  const endpoint = options.endpoint ? new URL(options.endpoint) : undefined;
  const customFetchApi = (url: string, init?: RequestInit): Promise<Response> => {
    if (!endpoint) return baseFetch(url, init);
    const target = new URL(url);
    target.protocol = endpoint.protocol;
    target.host = endpoint.host;
    const headers = new Headers(init?.headers);
    headers.set("X-Shopify-Shop-Domain", options.shop);
    return baseFetch(target.toString(), { ...init, headers });
  };
  const source: AccessTokenSource =
    typeof options.accessToken === "string" ? fixedToken(options.accessToken) : options.accessToken;
  const clients = new Map<string, ReturnType<typeof createAdminApiClient>>();
  const clientFor = (accessToken: string) => {
    let client = clients.get(accessToken);
    if (!client) {
      clients.clear();
      client = createAdminApiClient({
        storeDomain: options.shop,
        apiVersion: options.apiVersion,
        accessToken,
        customFetchApi,
        // The library would console.warn about API versions newer than its own list.
        logger: () => undefined,
      });
      clients.set(accessToken, client);
    }
    return client;
  };

  async function attempt(
    client: ReturnType<typeof createAdminApiClient>,
    document: string,
    variables: Record<string, unknown> | undefined,
  ): Promise<{ data?: unknown; error?: AdminApiError; waitMs?: number; status?: number }> {
    let response: Response;
    const signal = AbortSignal.timeout(retry.timeoutMs);
    try {
      response = await client.fetch(document, { variables, signal });
    } catch (cause) {
      // The client library rewraps fetch errors, so ask the signal rather than the error.
      if (signal.aborted)
        return { error: new AdminApiError("timeout", `Admin API did not answer within ${retry.timeoutMs} ms`, true) };
      return {
        error: new AdminApiError(
          "network",
          `Admin API unreachable: ${cause instanceof Error ? cause.message : String(cause)}`,
          true,
        ),
      };
    }
    let body: GraphqlBody | undefined;
    try {
      body = (await response.json()) as GraphqlBody;
    } catch {
      if (response.status >= 200 && response.status < 300)
        return { error: new AdminApiError("server", "Admin API answered with a body that is not JSON", true) };
    }
    const error = classify(response.status, body);
    if (!error) return { data: body!.data };
    const retryAfter = Number(response.headers.get("Retry-After"));
    const waitMs =
      error.kind === "throttled"
        ? Number.isFinite(retryAfter) && retryAfter > 0
          ? retryAfter * 1000
          : throttleWaitMs(body)
        : undefined;
    return { error, waitMs, status: response.status };
  }

  return {
    async request<TData>(
      document: string,
      variables?: Record<string, unknown>,
      requestOptions: RequestOptions = {},
    ): Promise<TData> {
      let failures = 0;
      let throttles = 0;
      let renewed = false;
      for (;;) {
        const accessToken = await source.token();
        const result = await attempt(clientFor(accessToken), document, variables);
        if (!result.error) return result.data as TData;
        const error = result.error;
        // An expired or rotated token: one renewal and one retry (Shopify did not run the request).
        if (result.status === 401 && !renewed) {
          renewed = true;
          const next = await source.renew(accessToken);
          if (next !== accessToken) {
            log?.info("admin api retry", { kind: "auth", renewedToken: true });
            continue;
          }
        }
        if (!error.retryable) throw error;
        if (requestOptions.idempotent === false && error.kind !== "throttled") throw error;
        let delay: number;
        if (error.kind === "throttled") {
          if (++throttles >= retry.maxThrottledAttempts) throw error;
          // The bucket says how long; a little jitter keeps parallel workers from waking together.
          delay = Math.min(retry.maxThrottleWaitMs, (result.waitMs ?? 1000) + Math.round(retry.random() * 250));
        } else {
          if (++failures >= retry.maxAttempts) throw error;
          const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failures - 1));
          // Jitter spreads retries of many workers hitting the same shop.
          delay = Math.round(backoff * (0.5 + retry.random() / 2));
        }
        // Throttling is expected during a backfill (the client waits its bucket out): debug, not news.
        const fields = { kind: error.kind, failures, throttles, delayMs: delay };
        if (error.kind === "throttled") log?.debug("admin api retry", fields);
        else log?.info("admin api retry", fields);
        await retry.sleep(delay);
      }
    },
  };
}

function fixedToken(accessToken: string): AccessTokenSource {
  return { token: async () => accessToken, renew: async () => accessToken };
}

export interface AdminFactoryOptions extends Omit<AdminClientOptions, "shop" | "accessToken" | "apiVersion"> {
  apiVersion?: string;
  /** Decrypts stored tokens (decision 0110); without it only legacy plaintext tokens can be used. */
  keyring?: Keyring;
  /** The library's offline-token refresh (token-refresh.server.ts); without it expiring tokens are never refreshed. */
  refresh?: RefreshFn;
  now?: () => number;
}

/** Admin clients from each shop's stored offline session (Session id `offline_{shop}`), refreshed when it expires. */
export function createAdminFactory(db: Db, options: AdminFactoryOptions = {}): AdminFactory {
  const { keyring, refresh, now = Date.now, ...clientOptions } = options;
  const tokens = offlineTokens(db.pool, { keyring, refresh, now, log: options.log });
  return async (shop) => {
    let held: OfflineToken = await tokens.current(shop);
    const source: AccessTokenSource = {
      // A long backfill outlives a token: look again when it is about to expire.
      token: async () => {
        if (held.expires !== null && held.expires.getTime() - REFRESH_WITHIN_MS < now())
          held = await tokens.current(shop);
        return held.accessToken;
      },
      renew: async (rejected) => {
        held = await tokens.renew(shop, rejected);
        return held.accessToken;
      },
    };
    return createAdminClient({
      ...clientOptions,
      shop,
      accessToken: source,
      apiVersion: options.apiVersion ?? "2026-07",
    });
  };
}
