// Expiring offline access tokens as Shopify issues them (docs/decisions/0135-expiring-offline-tokens.md):
// an access token lives `expires_in` seconds (3600) of the simulator clock, only one is active per
// shop (issuing a new one revokes the previous), and each refresh rotates the refresh token. A used
// refresh token stays usable until its replacement is used (at most 30 days after its first use,
// never past its 90-day lifetime), so an app that lost a refresh response can recover.
import { randomBytes } from "node:crypto";
import type { Clock } from "../store/clock";

const DAY_MS = 86_400_000;
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TOKEN_TTL_SECONDS = 90 * 86_400;
/** What the install grants unless told otherwise: shopify.app.toml's scopes (a test keeps them equal). */
export const DEFAULT_SCOPES =
  "read_customers,write_customers,read_orders,read_all_orders,read_returns,read_products,write_marketing_events";
const REUSE_WINDOW_MS = 30 * DAY_MS;

export interface TokenOptions {
  /** Seconds an access token lives on the simulator clock; null issues one non-expiring token (a custom app's). */
  accessTokenTtlSeconds?: number | null;
  refreshTokenTtlSeconds?: number;
  /** The first access token's value (default: random `shpat_…`). */
  accessToken?: string;
  scope?: string;
  /** When set, the token endpoint checks client_id and client_secret against these. */
  app?: { apiKey: string; apiSecret: string };
}

/** The token endpoint's JSON answer (offline, expiring). */
export interface TokenResponse {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

export interface TokenError {
  status: number;
  body: { error: string; error_description: string };
}

interface RefreshGrant {
  expiresAt: number;
  parent: string | null;
  firstUsedAt: number | null;
  retired: boolean;
}

const secret = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

export class TokenAuthority {
  private access: { token: string; expiresAt: number | null };
  private readonly refreshGrants = new Map<string, RefreshGrant>();
  private readonly ttlSeconds: number | null;
  private readonly refreshTtlSeconds: number;
  readonly scope: string;
  /** The pair issued at install (what token exchange with `expiring=1` answered). */
  readonly installed: TokenResponse;
  refreshes = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: TokenOptions = {},
  ) {
    this.ttlSeconds =
      options.accessTokenTtlSeconds === undefined ? ACCESS_TOKEN_TTL_SECONDS : options.accessTokenTtlSeconds;
    this.refreshTtlSeconds = options.refreshTokenTtlSeconds ?? REFRESH_TOKEN_TTL_SECONDS;
    this.scope = options.scope ?? DEFAULT_SCOPES;
    this.access = { token: "", expiresAt: null };
    this.installed = this.issue(null, options.accessToken);
  }

  /** The active access token (revoked ones and expired ones are not active). */
  get currentAccessToken(): string {
    return this.access.token;
  }

  /** Whether a request with this token is authorised now. */
  accepts(token: string | undefined): boolean {
    if (!token || token !== this.access.token) return false;
    return this.access.expiresAt === null || this.clock.now() < this.access.expiresAt;
  }

  /** POST /admin/oauth/access_token with `grant_type=refresh_token`. */
  refresh(input: Record<string, unknown>): TokenResponse | TokenError {
    const app = this.options.app;
    if (
      typeof input.client_id !== "string" ||
      typeof input.client_secret !== "string" ||
      (app && (input.client_id !== app.apiKey || input.client_secret !== app.apiSecret))
    ) {
      return { status: 401, body: { error: "invalid_client", error_description: "Client authentication failed." } };
    }
    if (input.grant_type !== "refresh_token") {
      return {
        status: 400,
        body: {
          error: "unsupported_grant_type",
          error_description: `The grant type ${String(input.grant_type)} is not supported by the simulator.`,
        },
      };
    }
    const token = typeof input.refresh_token === "string" ? input.refresh_token : "";
    const grant = this.refreshGrants.get(token);
    const now = this.clock.now();
    if (
      !grant ||
      grant.retired ||
      now >= grant.expiresAt ||
      (grant.firstUsedAt !== null && now >= grant.firstUsedAt + REUSE_WINDOW_MS)
    ) {
      return {
        status: 400,
        body: { error: "invalid_grant", error_description: "The refresh token is invalid, expired or revoked." },
      };
    }
    grant.firstUsedAt ??= now;
    // Using a replacement retires the token it replaced (and any other replacement of it).
    if (grant.parent !== null) {
      for (const [other, g] of this.refreshGrants)
        if (other === grant.parent || (g.parent === grant.parent && other !== token)) g.retired = true;
    }
    this.refreshes += 1;
    return this.issue(token);
  }

  private issue(parent: string | null, accessToken?: string): TokenResponse {
    const now = this.clock.now();
    // One active token per app and shop: the previous access token stops working at once.
    this.access = {
      token: accessToken ?? secret("shpat_"),
      expiresAt: this.ttlSeconds === null ? null : now + this.ttlSeconds * 1000,
    };
    if (this.ttlSeconds === null) return { access_token: this.access.token, scope: this.scope };
    const refreshToken = secret("shprt_");
    this.refreshGrants.set(refreshToken, {
      expiresAt: now + this.refreshTtlSeconds * 1000,
      parent,
      firstUsedAt: null,
      retired: false,
    });
    return {
      access_token: this.access.token,
      scope: this.scope,
      expires_in: this.ttlSeconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: this.refreshTtlSeconds,
    };
  }
}
