// Expiring offline tokens (decision 0136): the simulator expires the app's token after an hour of
// its clock; backfill and reconcile carry on through one refresh, and two processes refreshing one
// shop at once make a single refresh and store the rotated refresh token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileShop } from "~/ingest/reconcile.server";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { encryptSecret, makeKeyring, revealStored } from "~/secrets/secret-box.server";
import { createAdminFactory } from "~/shopify/admin-client.server";
import { DEMO_API_KEY } from "~/shopify/demo-credentials";
import { offlineTokens } from "~/shopify/offline-tokens.server";
import { libraryRefresh } from "~/shopify/token-refresh.server";
import { startSimulator, type Simulator } from "~sim/index";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext, installShop } from "~tests/support/ingest";
import { simulatorAdmin, simulatorRefresh } from "~tests/support/simulator";

const HOUR = 3_600_000;

describe("expiring offline tokens in background work", () => {
  let sim: Simulator;
  let database: TestDatabase;
  let ctx: ReturnType<typeof ingestContext>;

  const stored = () => database.prisma.session.findUniqueOrThrow({ where: { id: `offline_${sim.shop}` } });

  beforeAll(async () => {
    // Bulk operations stay RUNNING a while, so the clock can pass expiry between polls.
    sim = await startSimulator({ customers: 40, seed: 5, bulkMinDurationMs: 2000 });
    database = await createTestDatabase();
    await installShop(database, sim.shop, sim.tokens.installed);
    ctx = ingestContext(database, simulatorAdmin(sim));
  });
  afterAll(async () => {
    await sim?.stop();
    await database?.drop();
  });

  it("a backfill whose token expires mid-run refreshes once and completes", async () => {
    const runId = await backfillRunFor(ctx, sim.shop);
    expect(await runBackfill(ctx, sim.shop, runId)).not.toBe("done");
    sim.clock.advance({ ms: 2 * HOUR });
    for (let i = 0; i < 1000 && (await runBackfill(ctx, sim.shop, runId)) !== "done"; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect((await database.prisma.syncRun.findFirstOrThrow({ where: { id: runId } })).status).toBe("completed");
    expect(await database.prisma.customer.count()).toBe(40);
    expect(sim.tokens.refreshes()).toBe(1);
    const session = await stored();
    expect(session.accessToken).toBe(sim.accessToken);
    expect(session.refreshToken).not.toBe(sim.tokens.installed.refresh_token);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
  });

  it("a reconcile after the token expired refreshes and picks up the change", async () => {
    const customerId = 7_000_000_000_003;
    sim.activity.updateCustomer(customerId, { lastName: "AfterExpiry" });
    sim.clock.advance({ days: 3 });
    await reconcileShop(ctx, sim.shop, { pageSize: { orders: 7, customers: 13 } });
    expect((await database.prisma.customer.findFirstOrThrow({ where: { id: BigInt(customerId) } })).lastName).toBe(
      "AfterExpiry",
    );
    expect(sim.tokens.refreshes()).toBe(2);
  });

  it("two processes refreshing one shop at once: one refresh, both use its token, the rotated refresh token is stored", async () => {
    sim.clock.advance({ ms: 2 * HOUR });
    const before = await stored();
    const library = simulatorRefresh(sim);
    // A slow token endpoint: both processes are inside the refresh window at once.
    const refresh: typeof library = async (shop, token) => (
      await new Promise((r) => setTimeout(r, 300)),
      library(shop, token)
    );
    // Two token sources as two processes would have them, sharing only the database.
    const a = offlineTokens(database.pool, { refresh });
    const b = offlineTokens(database.pool, { refresh });
    const [ta, tb] = await Promise.all([a.renew(sim.shop, before.accessToken), b.renew(sim.shop, before.accessToken)]);
    expect(sim.tokens.refreshes()).toBe(3);
    expect(ta.accessToken).toBe(tb.accessToken);
    expect(ta.accessToken).toBe(sim.accessToken);
    const after = await stored();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The stored refresh token is the live one: it refreshes again.
    expect((await a.renew(sim.shop, after.accessToken)).accessToken).toBe(sim.accessToken);
    expect(sim.tokens.refreshes()).toBe(4);
  });

  it("refreshes before expiry, without a 401, when under five minutes are left", async () => {
    await database.prisma.session.update({
      where: { id: `offline_${sim.shop}` },
      data: { expires: new Date(Date.now() + 60_000) },
    });
    const operations = sim.recorded.operations.length;
    const admin = await ctx.admin(sim.shop);
    await admin.request(`query Probe { shop { name } }`);
    expect(sim.tokens.refreshes()).toBe(5);
    expect(sim.recorded.operations.slice(operations).map((o) => o.operationName)).toEqual(["Probe"]);
    expect(ctx.log.lines.filter((l) => l.fields.renewedToken)).toHaveLength(2);
  });
});

describe("encrypted tokens and the demo's credentials", () => {
  it("refreshes an encrypted pair with the app's client credentials and stores the new pair encrypted", async () => {
    const secret = "demo-run-secret";
    const sim = await startSimulator({ customers: 5, tokens: { app: { apiKey: DEMO_API_KEY, apiSecret: secret } } });
    const database = await createTestDatabase();
    try {
      const keyring = makeKeyring([{ id: "k1", key: Buffer.alloc(32, 7) }]);
      const grant = sim.tokens.installed;
      // As scripts/demo/install.ts stores it.
      await database.prisma.session.create({
        data: {
          id: `offline_${sim.shop}`,
          shop: sim.shop,
          state: "demo",
          isOnline: false,
          scope: grant.scope,
          accessToken: encryptSecret(keyring, grant.access_token),
          refreshToken: encryptSecret(keyring, grant.refresh_token!),
          expires: new Date(Date.now() + 3_600_000),
        },
      });
      const refresh = libraryRefresh({
        apiKey: DEMO_API_KEY,
        apiSecretKey: secret,
        appUrl: "http://localhost:3000",
        fetch: sim.fetch as typeof fetch,
      });
      const admin = createAdminFactory(database, { endpoint: sim.url, keyring, refresh });
      sim.clock.advance({ ms: 61 * 60_000 });
      await (await admin(sim.shop)).request(`query Probe { shop { name } }`);
      expect(sim.tokens.refreshes()).toBe(1);
      const row = await database.prisma.session.findUniqueOrThrow({ where: { id: `offline_${sim.shop}` } });
      expect(row.accessToken).toMatch(/^rsb1:k1:/);
      expect(row.refreshToken).toMatch(/^rsb1:k1:/);
      expect(revealStored(keyring, row.accessToken)).toBe(sim.accessToken);

      // A wrong client secret is refused by the token endpoint: a permanent auth error, not a retry loop.
      const wrong = libraryRefresh({
        apiKey: DEMO_API_KEY,
        apiSecretKey: "not-the-secret",
        appUrl: "http://localhost:3000",
        fetch: sim.fetch as typeof fetch,
      });
      sim.clock.advance({ ms: 61 * 60_000 });
      const refused = createAdminFactory(database, { endpoint: sim.url, keyring, refresh: wrong });
      await expect((await refused(sim.shop)).request(`query Probe { shop { name } }`)).rejects.toMatchObject({
        kind: "auth",
        retryable: false,
      });
    } finally {
      await sim.stop();
      await database.drop();
    }
  });
});
