// Offline access and refresh tokens are stored encrypted (decision 0110): the raw Session table
// holds neither token, the app still reads them in clear, old plaintext rows are encrypted at
// start, and a key rotation moves rows to the new key.
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeKeyring, type Keyring } from "~/secrets/secret-box.server";
import { createAdminFactory } from "~/shopify/admin-client.server";
import { encryptedSessionStorage } from "~/shopify/encrypted-session-storage.server";
import { resealSessionTokens, UnknownKeyError } from "~/shopify/session-reseal.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop } from "../support/ingest";
import { startTestSimulator, type TestSimulator } from "../support/simulator";

const k1 = makeKeyring([{ id: "k1", key: Buffer.alloc(32, 1) }]);
const k2k1 = makeKeyring([{ id: "k2", key: Buffer.alloc(32, 2) }, ...k1.keys]);
const ACCESS = "shpat_ACCESS-token-7f3a9c";
const REFRESH = "shprt_REFRESH-token-91be04";

let database: TestDatabase;
let test: TestSimulator;

beforeAll(async () => {
  [database, test] = await Promise.all([createTestDatabase(), startTestSimulator({ customers: 5 })]);
});
afterAll(async () => {
  await test?.stop();
  await database?.drop();
});

const storage = (keyring: Keyring) =>
  encryptedSessionStorage(new PrismaSessionStorage(database.prisma), keyring, (id) =>
    resealSessionTokens(database.pool, keyring, { id }),
  );

async function rawRows(): Promise<{ id: string; accessToken: string; refreshToken: string | null; text: string }[]> {
  const result = await database.pool.query(
    `SELECT id, "accessToken", "refreshToken", row_to_json(s)::text AS text FROM "Session" s ORDER BY id`,
  );
  return result.rows;
}

const session = (shop: string, accessToken: string, refreshToken?: string) =>
  new Session({
    id: `offline_${shop}`,
    shop,
    state: "s",
    isOnline: false,
    scope: "read_orders",
    accessToken,
    refreshToken,
    expires: new Date(Date.now() + 3_600_000),
  });

describe("session tokens at rest", () => {
  it("stores neither the access nor the refresh token in clear, and loads them back in clear", async () => {
    const store = storage(k1);
    await store.storeSession(session("enc.myshopify.com", ACCESS, REFRESH));
    const [row] = (await rawRows()).filter((r) => r.id === "offline_enc.myshopify.com");
    expect(row.text).not.toContain(ACCESS);
    expect(row.text).not.toContain(REFRESH);
    expect(row.text).not.toContain("ACCESS-token");
    expect(row.accessToken).toMatch(/^rsb1:k1:/);
    expect(row.refreshToken).toMatch(/^rsb1:k1:/);
    const loaded = await store.loadSession("offline_enc.myshopify.com");
    expect([loaded?.accessToken, loaded?.refreshToken]).toEqual([ACCESS, REFRESH]);
    expect((await store.findSessionsByShop("enc.myshopify.com")).map((s) => s.accessToken)).toEqual([ACCESS]);
    // Read through another keyring, the row is refused rather than handed out garbled.
    await expect(
      storage(makeKeyring([{ id: "k1", key: Buffer.alloc(32, 9) }])).loadSession("offline_enc.myshopify.com"),
    ).rejects.toThrow(/failed authentication/);
  });

  it("lets the Admin API client use an encrypted offline token against the store", async () => {
    await storage(k1).storeSession(session(test.sim.shop, test.sim.accessToken));
    const raw = (await rawRows()).find((r) => r.id === `offline_${test.sim.shop}`);
    expect(raw?.text).not.toContain(test.sim.accessToken);
    const admin = await createAdminFactory(database, { endpoint: test.sim.url, keyring: k1 })(test.sim.shop);
    const data = await admin.request<{ shop: { myshopifyDomain: string } }>("query { shop { myshopifyDomain } }");
    expect(data.shop.myshopifyDomain).toBe(test.sim.shop);
    await expect(createAdminFactory(database, { endpoint: test.sim.url })(test.sim.shop)).rejects.toThrow(
      /encrypted and no keyring/,
    );
  });

  it("encrypts plaintext rows at start, once, without changing what the app reads", async () => {
    await installShop(database, "legacy.myshopify.com", ACCESS);
    await database.pool.query(`UPDATE "Session" SET "refreshToken" = $1 WHERE id = 'offline_legacy.myshopify.com'`, [
      REFRESH,
    ]);
    expect((await rawRows()).some((r) => r.text.includes(ACCESS))).toBe(true);
    expect(await resealSessionTokens(database.pool, k1)).toBe(1);
    expect(await resealSessionTokens(database.pool, k1)).toBe(0);
    for (const row of await rawRows()) {
      expect(row.text).not.toContain(ACCESS);
      expect(row.text).not.toContain(REFRESH);
    }
    const loaded = await storage(k1).loadSession("offline_legacy.myshopify.com");
    expect([loaded?.accessToken, loaded?.refreshToken]).toEqual([ACCESS, REFRESH]);
  });

  it("moves rows to a new key on read and at start, and refuses to start without a key still in use", async () => {
    const before = await rawRows();
    expect(before.every((r) => r.accessToken.startsWith("rsb1:k1:"))).toBe(true);
    const loaded = await storage(k2k1).loadSession("offline_enc.myshopify.com");
    expect(loaded?.accessToken).toBe(ACCESS);
    const afterRead = await rawRows();
    expect(afterRead.find((r) => r.id === "offline_enc.myshopify.com")?.accessToken).toMatch(/^rsb1:k2:/);
    expect(afterRead.find((r) => r.id === "offline_legacy.myshopify.com")?.accessToken).toMatch(/^rsb1:k1:/);
    // The k1 rows left are all moved at start; dropping k1 before that is refused by name.
    const k2only = makeKeyring([k2k1.keys[0]]);
    await expect(resealSessionTokens(database.pool, k2only)).rejects.toThrow(UnknownKeyError);
    await expect(resealSessionTokens(database.pool, k2only)).rejects.toThrow(
      /under key\(s\) k1, which the keyring lacks/,
    );
    expect(await resealSessionTokens(database.pool, k2k1)).toBe(before.length - 1);
    const after = await rawRows();
    expect(
      after.every(
        (r) =>
          r.accessToken.startsWith("rsb1:k2:") && (r.refreshToken === null || r.refreshToken.startsWith("rsb1:k2:")),
      ),
    ).toBe(true);
    expect((await storage(k2only).loadSession("offline_legacy.myshopify.com"))?.refreshToken).toBe(REFRESH);
  });
});
