import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/env.server";

const shopifyKeys = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret" };
const keys = { RAPPORT_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}` };
const production = { RAPPORT_MODE: "production", ...shopifyKeys, ...keys };
const demo = { RAPPORT_MODE: "demo", SHOPIFY_API_SECRET: "run-secret", RAPPORT_DEMO_SHOP: "demo.myshopify.com" };

function errorOf(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseEnv", () => {
  it("applies defaults for the embedded database in demo mode", () => {
    const env = parseEnv(demo);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBEDDED_PG_DIR).toBe(".data/postgres");
    expect(env.PORT).toBe(3000);
    expect(env.WORKER_MODE).toBe("inline");
  });

  it("requires the Shopify credentials outside demo and test", () => {
    expect(errorOf({ RAPPORT_MODE: "production" })).toBe("SHOPIFY_API_KEY: is required in production mode");
    expect(errorOf({ RAPPORT_MODE: "development", SHOPIFY_API_KEY: "k" })).toBe(
      "SHOPIFY_API_SECRET: is required in development mode",
    );
    expect(parseEnv(production).SHOPIFY_API_KEY).toBe("key");
  });

  it("names an unknown setting value in one line", () => {
    expect(errorOf({ RAPPORT_MODE: "staging" })).toMatch(/^RAPPORT_MODE: .*\(got "staging"\)$/);
    expect(errorOf({ RAPPORT_MODE: "demo", WORKER_MODE: "sometimes" })).toMatch(/^WORKER_MODE: /);
    expect(errorOf({ RAPPORT_MODE: "demo", PORT: "eighty" })).toMatch(/^PORT: /);
    expect(errorOf({ RAPPORT_MODE: "demo", DATABASE_URL: "mysql://x" })).toBe(
      "DATABASE_URL: must be a postgresql:// URL",
    );
  });

  it("never lets demo mode point Shopify traffic off this machine", () => {
    expect(errorOf({ ...demo, SHOPIFY_ADMIN_ORIGIN: "https://shop.example.com" })).toBe(
      'SHOPIFY_ADMIN_ORIGIN: must be a loopback address in demo mode (got "https://shop.example.com")',
    );
    expect(errorOf({ ...production, SHOPIFY_ADMIN_ORIGIN: "http://127.0.0.1:1" })).toMatch(
      /^SHOPIFY_ADMIN_ORIGIN: must not be set in production/,
    );
  });

  it("never lets demo mode use a database or a listen address off this machine", () => {
    expect(errorOf({ ...demo, DATABASE_URL: "postgresql://u:p@db.example.com/rapport" })).toBe(
      "DATABASE_URL: must be on a loopback host in demo mode",
    );
    expect(errorOf({ ...demo, DATABASE_URL: "postgresql://u:p@127.0.0.1/x?host=db.example.com" })).toBe(
      "DATABASE_URL: must be on a loopback host in demo mode",
    );
    expect(errorOf({ ...demo, HOST: "0.0.0.0" })).toBe(
      'HOST: must be a loopback address in demo mode (127.0.0.1, ::1 or localhost) (got "0.0.0.0")',
    );
    expect(errorOf({ ...demo, HOST: "::" })).toMatch(/^HOST: must be a loopback address in demo mode/);
    for (const url of [
      "postgresql://u:p@127.0.0.1:5432/x",
      "postgres://localhost/x",
      "postgresql://u@[::1]:5432/x",
      "postgresql:///x?host=/var/run/postgresql",
    ]) {
      expect(parseEnv({ ...demo, DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]"])
      expect(parseEnv({ ...demo, HOST: host }).HOST).toBe(host);
    // Production may listen anywhere and use any database.
    expect(parseEnv({ ...production, HOST: "0.0.0.0", DATABASE_URL: "postgresql://u:p@db.example.com/x" }).HOST).toBe(
      "0.0.0.0",
    );
  });

  it("requires a real secret and a named shop in demo mode: the public demo secret is for the test suite only", () => {
    expect(errorOf({ RAPPORT_MODE: "demo", RAPPORT_DEMO_SHOP: "demo.myshopify.com" })).toBe(
      "SHOPIFY_API_SECRET: is required in demo mode",
    );
    expect(errorOf({ RAPPORT_MODE: "demo", SHOPIFY_API_SECRET: "s" })).toBe(
      "RAPPORT_DEMO_SHOP: is required in demo mode",
    );
    expect(errorOf({ ...demo, RAPPORT_DEMO_SHOP: "https://x.example.com" })).toMatch(
      /^RAPPORT_DEMO_SHOP: must be a \*\.myshopify\.com domain/,
    );
    expect(parseEnv({ RAPPORT_MODE: "test" }).SHOPIFY_API_SECRET).toBeUndefined();
  });

  it("requires the encryption keyring in production and names a bad one without echoing it", () => {
    expect(errorOf({ RAPPORT_MODE: "production", ...shopifyKeys })).toBe(
      "RAPPORT_ENCRYPTION_KEYS: is required in production mode",
    );
    const short = `k1:${Buffer.alloc(16, 1).toString("base64")}`;
    expect(errorOf({ ...production, RAPPORT_ENCRYPTION_KEYS: short })).toBe(
      'RAPPORT_ENCRYPTION_KEYS: key "k1" must be 32 bytes (got 16)',
    );
    expect(errorOf({ ...production, RAPPORT_ENCRYPTION_KEYS: "k1" })).toBe(
      "RAPPORT_ENCRYPTION_KEYS: each entry must be <keyId>:<base64 key>",
    );
    const devKey = `dev:${Buffer.alloc(32, 1).toString("base64")}`;
    expect(errorOf({ ...production, RAPPORT_ENCRYPTION_KEYS: devKey })).toBe(
      'RAPPORT_ENCRYPTION_KEYS: key id "dev" is reserved for the development key and refused in production',
    );
    expect(parseEnv({ ...demo, RAPPORT_ENCRYPTION_KEYS: devKey }).RAPPORT_ENCRYPTION_KEYS).toBe(devKey);
  });
});
