// Expiring offline tokens over HTTP: expiry on the simulator clock, the 401 Shopify answers, and
// refresh-token rotation through POST /admin/oauth/access_token.
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type TokenResponse } from "~sim/index";

const APP = { apiKey: "sim-key", apiSecret: "sim-secret" };
let sim: Simulator;
afterEach(() => sim?.stop());

const shopQuery = (token: string) =>
  fetch(sim.adminApiUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });

async function refresh(
  refreshToken: string,
  app = APP,
): Promise<{ status: number; body: TokenResponse & { error?: string } }> {
  const res = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: app.apiKey,
      client_secret: app.apiSecret,
      refresh_token: refreshToken,
      grant_type: "refresh_token",
    }),
  });
  return { status: res.status, body: (await res.json()) as TokenResponse & { error?: string } };
}

describe("expiring offline access tokens", () => {
  it("expires the access token after an hour of simulator time and answers 401 as Shopify does", async () => {
    sim = await startSimulator({ customers: 5, tokens: { app: APP } });
    expect(sim.tokens.installed).toMatchObject({
      access_token: sim.accessToken,
      expires_in: 3600,
      refresh_token_expires_in: 7_776_000,
    });
    expect((await shopQuery(sim.accessToken)).status).toBe(200);
    sim.clock.advance({ ms: 3_599_000 });
    expect((await shopQuery(sim.accessToken)).status).toBe(200);
    sim.clock.advance({ ms: 1_000 });
    const res = await shopQuery(sim.accessToken);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
  });

  it("takes a lifetime in seconds for tests", async () => {
    sim = await startSimulator({ customers: 5, tokens: { accessTokenTtlSeconds: 5 } });
    expect(sim.tokens.installed.expires_in).toBe(5);
    sim.clock.advance({ ms: 5_000 });
    expect((await shopQuery(sim.accessToken)).status).toBe(401);
  });

  it("rotates: a refresh revokes the old access token; the old refresh token works until its replacement is used", async () => {
    sim = await startSimulator({ customers: 5, tokens: { app: APP } });
    const first = sim.tokens.installed;
    sim.clock.advance({ hours: 2 });
    const second = await refresh(first.refresh_token!);
    expect(second.status).toBe(200);
    expect(Object.keys(second.body).sort()).toEqual([
      "access_token",
      "expires_in",
      "refresh_token",
      "refresh_token_expires_in",
      "scope",
    ]);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await shopQuery(second.body.access_token)).status).toBe(200);
    expect((await shopQuery(first.access_token)).status).toBe(401);

    // The response was "lost": the old refresh token still answers, and revokes the token before it.
    const again = await refresh(first.refresh_token!);
    expect(again.status).toBe(200);
    expect((await shopQuery(second.body.access_token)).status).toBe(401);
    expect((await shopQuery(again.body.access_token)).status).toBe(200);

    // Using the replacement retires the token it replaced, and the other replacement of it.
    expect((await refresh(again.body.refresh_token!)).status).toBe(200);
    for (const retired of [first.refresh_token!, second.body.refresh_token!]) {
      expect(await refresh(retired)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    }
  });

  it("refuses unknown clients, unknown or expired refresh tokens", async () => {
    sim = await startSimulator({ customers: 5, tokens: { app: APP, refreshTokenTtlSeconds: 60 } });
    const installed = sim.tokens.installed.refresh_token!;
    expect(await refresh(installed, { apiKey: APP.apiKey, apiSecret: "wrong" })).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    expect(await refresh("shprt_made_up")).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    sim.clock.advance({ ms: 60_000 });
    expect(await refresh(installed)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(sim.tokens.refreshes()).toBe(0);
  });

  it("keeps a non-expiring token when asked (a custom app's)", async () => {
    sim = await startSimulator({ customers: 5, tokens: { accessTokenTtlSeconds: null } });
    expect(sim.tokens.installed.refresh_token).toBeUndefined();
    sim.clock.advance({ days: 400 });
    expect((await shopQuery(sim.accessToken)).status).toBe(200);
  });
});
