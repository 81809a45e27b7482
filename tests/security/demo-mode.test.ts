// Demo mode as `npm run demo` configures it (decision 0111): the app's secret is random per run, so
// a session token or webhook signed with the public demo secret from this repo is refused; the
// merchant screens serve the named demo shop, never "the first shop found"; tokens stored through
// the app's own session storage are encrypted.
import { createHmac, randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as AuthModule from "~/web/auth.server";
import type * as ShopifyModule from "~/shopify.server";
import { DEMO_API_KEY, DEMO_API_SECRET } from "~/shopify/demo-credentials";
import { demoRunSecret } from "../../scripts/demo/secret";
import { webhookRequest } from "../support/app-http";
import { createTestDatabase, type TestDatabase } from "../support/database";

const DEMO_SHOP = "rapport-demo.myshopify.com";
const VICTIM = "aaa-victim.myshopify.com";
const ACCESS = "shpat_victim-ACCESS-5d1c";
const REFRESH = "shprt_victim-REFRESH-e27a";

let database: TestDatabase;
let secret: string;
// Imported after the environment is set: both read it once, at load.
let shopify: typeof ShopifyModule;
let auth: typeof AuthModule;

const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64url");

function sessionToken(signingSecret: string, shop: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: DEMO_API_KEY,
      sub: "42",
      exp: now + 60,
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: "sid-1",
    }),
  );
  return `${header}.${payload}.${b64(createHmac("sha256", signingSecret).update(`${header}.${payload}`).digest())}`;
}

async function outcome<T>(run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function webhook(signingSecret: string): Request {
  return webhookRequest(signingSecret, "app/uninstalled", JSON.stringify({ id: 1 }), { shop: VICTIM });
}

beforeAll(async () => {
  database = await createTestDatabase();
  secret = demoRunSecret();
  // What scripts/demo.ts hands the app (the database is this test's instead of the embedded one).
  Object.assign(process.env, {
    RAPPORT_MODE: "demo",
    SHOPIFY_API_SECRET: secret,
    RAPPORT_DEMO_SHOP: DEMO_SHOP,
    DATABASE_URL: database.url,
    LOG_LEVEL: "warn",
  });
  shopify = await import("~/shopify.server");
  auth = await import("~/web/auth.server");
  const scope = (await import("~/env.server")).env().SCOPES;
  for (const shop of [VICTIM, DEMO_SHOP]) {
    await shopify.sessionStorage.storeSession(
      new Session({
        id: `offline_${shop}`,
        shop,
        state: "installed",
        isOnline: false,
        scope,
        accessToken: ACCESS,
        refreshToken: REFRESH,
        expires: new Date(Date.now() + 3_600_000),
        refreshTokenExpires: new Date(Date.now() + 86_400_000),
      }),
    );
  }
});

afterAll(async () => {
  const { db } = await import("~/db.server");
  await db().close();
  await database?.drop();
});

describe("demo mode", () => {
  it("uses a fresh random secret per run, never the public demo secret", () => {
    expect(secret).not.toBe(DEMO_API_SECRET);
    expect(demoRunSecret()).not.toBe(secret);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(shopify.apiSecret()).toBe(secret);
  });

  it("refuses a session token signed with the public demo secret", async () => {
    const forged = new Request("http://127.0.0.1:3000/app", {
      headers: { Authorization: `Bearer ${sessionToken(DEMO_API_SECRET, VICTIM)}` },
    });
    const result = await outcome(() => shopify.authenticate.admin(forged));
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(401);
    // The same token signed with this run's secret is accepted: the refusal is the signature's.
    const genuine = new Request("http://127.0.0.1:3000/app", {
      headers: { Authorization: `Bearer ${sessionToken(secret, VICTIM)}` },
    });
    const context = await shopify.authenticate.admin(genuine);
    expect(context.session.shop).toBe(VICTIM);
    expect(context.session.accessToken).toBe(ACCESS);
  });

  it("refuses a webhook signed with the public demo secret", async () => {
    const result = await outcome(() => shopify.authenticate.webhook(webhook(DEMO_API_SECRET)));
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(401);
    expect((await shopify.authenticate.webhook(webhook(secret))).shop).toBe(VICTIM);
  });

  it("serves the named demo shop, not the first shop in the database", async () => {
    const merchant = await auth.requireMerchant(new Request("http://127.0.0.1:3000/app"));
    expect(merchant).toEqual({ shop: DEMO_SHOP, embedded: false, apiKey: DEMO_API_KEY });
    await database.prisma.session.delete({ where: { id: `offline_${DEMO_SHOP}` } });
    const missing = await outcome(() => auth.requireMerchant(new Request("http://127.0.0.1:3000/app")));
    expect((missing as Response).status).toBe(503);
  });

  it("stores the tokens through the app's session storage encrypted", async () => {
    const { rows } = await database.pool.query<{ text: string }>(
      `SELECT row_to_json(s)::text AS text FROM "Session" s`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.text).not.toContain(ACCESS);
      expect(row.text).not.toContain(REFRESH);
      expect(row.text).toContain("rsb1:dev:");
    }
    expect((await shopify.sessionStorage.loadSession(`offline_${VICTIM}`))?.refreshToken).toBe(REFRESH);
  });
});
