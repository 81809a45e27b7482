// Starts `scripts/demo.ts` as a child process (its own process group) and waits for its
// RAPPORT_DEMO_READY line; stop() ends the whole group and removes the data directory.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { embeddedUrl } from "~/db/postgres.server";

export interface DemoReady {
  appUrl: string;
  simulatorUrl: string;
  controlUrl: string;
  shop: string;
  /** The demo's local SMTP server's web inbox (scripts/demo/inbox.ts; JSON at /api/messages). */
  inboxUrl: string;
}

export interface RunningDemo extends DemoReady {
  /** The demo's embedded PostgreSQL (loopback), for tests that run a task with their own clock. */
  databaseUrl: string;
  /** The app's structured log (info and up): what a failed wait prints the end of (diagnose.ts). */
  logFile: string;
  output: () => string;
  stop: () => Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..", "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startDemo(
  /** pastDays: how many days of campaigns the demo replays before it is ready (0: none, the tests' default). */
  options: { customers?: number; seed?: number; timeoutMs?: number; pastDays?: number } = {},
): Promise<RunningDemo> {
  // While developing screens: point the tests at a demo you already started (RAPPORT_E2E_DEMO='{"appUrl":…}').
  const existing = process.env.RAPPORT_E2E_DEMO;
  if (existing) {
    const given = JSON.parse(existing) as DemoReady & { databaseUrl?: string };
    return {
      ...given,
      databaseUrl: given.databaseUrl ?? "",
      logFile: "",
      output: () => "",
      stop: async () => undefined,
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-e2e-"));
  // mkdtemp makes it 0700; the embedded PostgreSQL runs initdb as its own user when we are root.
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const pgPort = await freePort();
  const args = [
    path.join(root, "node_modules/tsx/dist/cli.mjs"),
    "scripts/demo.ts",
    "--port",
    String(port),
    "--customers",
    String(options.customers ?? 300),
    "--seed",
    String(options.seed ?? 7),
    "--data-dir",
    dataDir,
    "--no-live-orders",
    "--past-days",
    String(options.pastDays ?? 0),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // Info and up go to the log file, warnings and errors also to the output the tests read.
    env: { ...process.env, LOG_LEVEL: "info", EMBEDDED_PG_PORT: String(pgPort) },
  });
  let log = "";
  const stop = async () => {
    killGroup(child, "SIGTERM");
    const exited = new Promise<void>((resolve) =>
      child.exitCode !== null ? resolve() : child.once("exit", () => resolve()),
    );
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const ready = await new Promise<DemoReady>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the demo was not ready within ${options.timeoutMs ?? 480_000} ms:\n${log.slice(-4000)}`)),
      options.timeoutMs ?? 480_000,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const line = log.split("\n").find((l) => l.startsWith("RAPPORT_DEMO_READY "));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice("RAPPORT_DEMO_READY ".length)) as DemoReady);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with code ${code} before it was ready:\n${log.slice(-4000)}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    ...ready,
    databaseUrl: embeddedUrl(pgPort),
    logFile: path.join(dataDir, "logs", "rapport.log"),
    output: () => log,
    stop,
  };
}
