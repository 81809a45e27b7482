import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm run simulator", () => {
  it("serves a generated store and prints where to reach it", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/simulator.ts", "--port", "0", "--customers", "40", "--seed", "3"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          if (out.includes("Control URL")) resolve();
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const api = /Admin API URL: (\S+)/.exec(out)![1];
      const token = /Access token:\s+(\S+)/.exec(out)![1];
      expect(/Shop domain:\s+(\S+)/.exec(out)![1]).toMatch(/\.myshopify\.com$/);
      const res = await fetch(api, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
        body: JSON.stringify({ query: "{ customers(first: 100) { nodes { id } } }" }),
      });
      const body = (await res.json()) as { data: { customers: { nodes: unknown[] } } };
      expect(body.data.customers.nodes).toHaveLength(40);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
