// The library's webhook authentication loads the shop's offline session and refreshes a token
// near expiry itself (decision 0137): through the app's session storage that refresh is the locked
// one, so a burst of webhooks on an expired token makes a single refresh, and a refresh Shopify
// refuses (the app was uninstalled) leaves the webhook authenticated instead of failing it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as ShopifyModule from "~/shopify.server";
import { startSimulator, type Simulator } from "~sim/index";
import { webhookRequest } from "~tests/support/app-http";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { installShop } from "~tests/support/ingest";

const SECRET = "webhook-refresh-secret";
const HOUR = 3_600_000;

describe("webhooks on an expired offline token", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let shopify: typeof ShopifyModule;

  const webhook = (topic: string, body: Record<string, unknown>): Request =>
    webhookRequest(SECRET, topic, JSON.stringify(body), { shop: sim.shop });
  // What the app stored an hour and more ago: a token Shopify has since expired.
  const expireStoredToken = () =>
    database.pool.query(`UPDATE "Session" SET expires = now() - interval '1 minute' WHERE id = $1`, [
      `offline_${sim.shop}`,
    ]);

  beforeAll(async () => {
    sim = await startSimulator({ customers: 5, seed: 11 });
    database = await createTestDatabase();
    Object.assign(process.env, {
      RAPPORT_MODE: "demo",
      SHOPIFY_API_SECRET: SECRET,
      RAPPORT_DEMO_SHOP: sim.shop,
      SHOPIFY_ADMIN_ORIGIN: sim.url,
      DATABASE_URL: database.url,
      LOG_LEVEL: "warn",
    });
    shopify = await import("~/shopify.server");
    await installShop(database, sim.shop, sim.tokens.installed);
  });
  afterAll(async () => {
    const { db } = await import("~/db.server");
    await db().close();
    await sim?.stop();
    await database?.drop();
  });

  it("refreshes once for a burst of deliveries, and every one is authenticated", async () => {
    sim.clock.advance({ ms: 2 * HOUR });
    await expireStoredToken();
    const before = sim.tokens.refreshes();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => shopify.authenticate.webhook(webhook("orders/create", { id: i + 1 }))),
    );
    expect(results.every((r) => r.shop === sim.shop)).toBe(true);
    expect(sim.tokens.refreshes() - before).toBe(1);
    const stored = await shopify.sessionStorage.loadSession(`offline_${sim.shop}`);
    expect(stored?.accessToken).toBe(sim.accessToken);
    expect(stored?.expires?.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
  });

  it("authenticates app/uninstalled when Shopify refuses the refresh token", async () => {
    await database.pool.query(`UPDATE "Session" SET "refreshToken" = 'shprt_revoked-at-uninstall' WHERE id = $1`, [
      `offline_${sim.shop}`,
    ]);
    await expireStoredToken();
    // Past the session read cache's two seconds (cached-session-storage.server.ts).
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const before = sim.tokens.refreshes();
    const context = await shopify.authenticate.webhook(
      webhook("app/uninstalled", { id: 1, myshopify_domain: sim.shop, domain: sim.shop }),
    );
    expect(context.shop).toBe(sim.shop);
    expect(context.topic).toBe("APP_UNINSTALLED");
    expect(context.session).toBeUndefined();
    expect(sim.tokens.refreshes()).toBe(before);
  });
});
