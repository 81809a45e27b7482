// Bad configuration stops the process at start with one line naming the setting.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

function start(env: Record<string, string>): { code: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/start.ts")],
    {
      cwd: root,
      env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", ...env },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { code: result.status, stderr: result.stderr };
}

describe("starting Rapport with bad configuration", () => {
  it("names the missing Shopify credentials", () => {
    const result = start({ RAPPORT_MODE: "production" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("Configuration error: SHOPIFY_API_KEY: is required in production mode");
  });

  it("names an unknown setting value", () => {
    const result = start({ RAPPORT_MODE: "demo", WORKER_MODE: "sometimes" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Configuration error: WORKER_MODE: .*\(got "sometimes"\)$/);
  });

  it("names a bad heap setting before starting anything", () => {
    const result = start({ RAPPORT_MODE: "test", RAPPORT_HEAP_MB: "64" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Configuration error: RAPPORT_HEAP_MB: must be a whole number of MB from 96 to 65536, or 0 for V8's own sizing (got "64")`,
    );
  });

  it("refuses demo mode on a database off this machine, before connecting", () => {
    const result = start({
      RAPPORT_MODE: "demo",
      SHOPIFY_API_SECRET: "s",
      RAPPORT_DEMO_SHOP: "demo.myshopify.com",
      DATABASE_URL: "postgresql://u:p@db.example.com/rapport",
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("Configuration error: DATABASE_URL: must be on a loopback host in demo mode");
  });

  it("names an unreachable DATABASE_URL", () => {
    const result = start({
      RAPPORT_MODE: "demo",
      SHOPIFY_API_SECRET: "s",
      RAPPORT_DEMO_SHOP: "demo.myshopify.com",
      DATABASE_URL: "postgresql://nobody:x@127.0.0.1:9/none",
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^Configuration error: DATABASE_URL: cannot connect to PostgreSQL \(.*ECONNREFUSED.*\)/,
    );
  });
});
