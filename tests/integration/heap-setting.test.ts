// The app's processes start with their heap setting (RAPPORT_HEAP_MB, decision 0223): `npm run
// worker` as production runs it ends up in a process started with --max-old-space-size, and one
// that runs out of memory is started again by its supervisor.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

const root = path.resolve(import.meta.dirname, "..", "..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const baseEnv = { NODE_ENV: "production" as const, PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" };

const children = (pid: number): number[] => {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const descendants = (pid: number): number[] => children(pid).flatMap((child) => [child, ...descendants(child)]);
const commandLine = (pid: number): string[] => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
};

describe("the worker process's heap setting", () => {
  let db: TestDatabase;
  const started: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const pid of started) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await db?.drop();
  });

  it("runs `npm run worker` in a process started with --max-old-space-size from RAPPORT_HEAP_MB", async () => {
    const top = spawn(process.execPath, [tsx, path.join(root, "scripts/worker.ts")], {
      cwd: root,
      env: { ...baseEnv, RAPPORT_MODE: "test", DATABASE_URL: db.url, RAPPORT_HEAP_MB: "160", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    top.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    top.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => top.once("exit", (code) => resolve(code)));
    await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain("worker running");

    const tree = descendants(top.pid!);
    started.push(...tree);
    const running = tree.filter((pid) => commandLine(pid).includes(path.join(root, "scripts/worker.ts")));
    // The supervisor (started as the command line says) and the worker it started with the heap flag.
    const capped = running.filter((pid) => {
      const args = commandLine(pid);
      return args.includes("--max-old-space-size=160") && args.includes("--max-semi-space-size=5");
    });
    expect(capped).toHaveLength(1);
    expect(running).toHaveLength(2);

    top.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect.poll(() => descendants(top.pid!).length, { timeout: 10_000 }).toBe(0);
    expect(fs.existsSync(`/proc/${capped[0]}`)).toBe(false);
  });

  it("stops at start with one line naming a bad RAPPORT_HEAP_MB", () => {
    for (const value of ["lots", "64", "1.5"]) {
      const result = spawnSync(process.execPath, [tsx, path.join(root, "scripts/worker.ts")], {
        cwd: root,
        env: { ...baseEnv, RAPPORT_MODE: "test", DATABASE_URL: db.url, RAPPORT_HEAP_MB: value },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        `Configuration error: RAPPORT_HEAP_MB: must be a whole number of MB from 96 to 65536, or 0 for V8's own sizing (got "${value}")`,
      );
    }
  });

  it("starts a process that ran out of memory again, under the same heap setting", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-heap-"));
    try {
      const result = spawnSync(
        process.execPath,
        [tsx, path.join(root, "tests/fixtures/heap/oom-once.ts"), path.join(dir, "first-start")],
        { cwd: root, env: { ...baseEnv, RAPPORT_HEAP_MB: "96" }, encoding: "utf8", timeout: 90_000 },
      );
      expect(result.stderr).toContain("JavaScript heap out of memory");
      expect(result.stderr).toMatch(/\[rapport\] process \d+ died \(SIGABRT\); starting it again in 1000 ms/);
      expect(result.status).toBe(0);
      const second = JSON.parse(result.stdout.trim()) as { execArgv: string[]; heapSizeLimitMb: number };
      expect(second.execArgv).toEqual(expect.arrayContaining(["--max-old-space-size=96", "--max-semi-space-size=3"]));
      // V8's limit is the old space plus the young generation (3 × 3 MB): far under its own default.
      expect(second.heapSizeLimitMb).toBeGreaterThanOrEqual(96);
      expect(second.heapSizeLimitMb).toBeLessThan(120);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
