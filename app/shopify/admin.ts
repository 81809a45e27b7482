// The contract every Admin API caller codes against. The real implementation
// (admin-client.server.ts) talks HTTP through @shopify/admin-api-client; tests hand in the
// local Shopify simulator's URL, never a module mock.

export type AdminErrorKind = "throttled" | "server" | "network" | "timeout" | "graphql" | "auth" | "user";

export class AdminApiError extends Error {
  constructor(
    readonly kind: AdminErrorKind,
    message: string,
    /** True when the same request may succeed later (throttling, 5xx, network, timeout). */
    readonly retryable: boolean,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

export interface RequestOptions {
  /**
   * False for mutations that must not run twice (a Flow trigger sends a message): only
   * THROTTLED answers, which Shopify did not execute, are retried; a 5xx, timeout or network
   * failure is thrown at once so the caller decides (the outbox's at-most-once rule).
   */
  idempotent?: boolean;
}

export interface AdminGraphql {
  /**
   * Runs one GraphQL document for this shop and resolves with `data`. Retries throttled,
   * 5xx, timed-out and network failures with backoff (only throttled ones when
   * `idempotent: false`); then throws AdminApiError.
   * GraphQL `errors` throw AdminApiError("graphql"); `userErrors` are the caller's to check.
   */
  request<TData>(document: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<TData>;
}

/** Gives an Admin client for an installed shop (from its stored offline session). */
export type AdminFactory = (shop: string) => Promise<AdminGraphql>;
