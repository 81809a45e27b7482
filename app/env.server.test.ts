import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/env.server";

const shopifyKeys = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret" };

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
    const env = parseEnv({ RAPPORT_MODE: "demo" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBEDDED_PG_DIR).toBe(".data/postgres");
    expect(env.PORT).toBe(3000);
    expect(env.WORKER_MODE).toBe("inline");
  });

  it("requires the Shopify credentials outside demo and test", () => {
    expect(errorOf({ RAPPORT_MODE: "production" })).toBe("SHOPIFY_API_KEY: is required in production mode");
    expect(errorOf({ RAPPORT_MODE: "development", SHOPIFY_API_KEY: "k" })).toBe("SHOPIFY_API_SECRET: is required in development mode");
    expect(parseEnv({ RAPPORT_MODE: "production", ...shopifyKeys }).SHOPIFY_API_KEY).toBe("key");
  });

  it("names an unknown setting value in one line", () => {
    expect(errorOf({ RAPPORT_MODE: "staging" })).toMatch(/^RAPPORT_MODE: .*\(got "staging"\)$/);
    expect(errorOf({ RAPPORT_MODE: "demo", WORKER_MODE: "sometimes" })).toMatch(/^WORKER_MODE: /);
    expect(errorOf({ RAPPORT_MODE: "demo", PORT: "eighty" })).toMatch(/^PORT: /);
    expect(errorOf({ RAPPORT_MODE: "demo", DATABASE_URL: "mysql://x" })).toBe("DATABASE_URL: must be a postgresql:// URL");
  });

  it("never lets demo mode point Shopify traffic off this machine", () => {
    expect(errorOf({ RAPPORT_MODE: "demo", SHOPIFY_ADMIN_ORIGIN: "https://shop.example.com" })).toBe(
      'SHOPIFY_ADMIN_ORIGIN: must be a loopback address in demo mode (got "https://shop.example.com")',
    );
    expect(errorOf({ RAPPORT_MODE: "production", ...shopifyKeys, SHOPIFY_ADMIN_ORIGIN: "http://127.0.0.1:1" })).toMatch(
      /^SHOPIFY_ADMIN_ORIGIN: must not be set in production/,
    );
  });
});
