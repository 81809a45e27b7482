// The simulator in a process of its own (so its memory is not the benchmark's), with the shop
// installed in the benchmark's database as an offline session would leave it.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Db } from "~/db.server";
import { freePort } from "~/db/postgres.server";

/** The simulator's default shop and token (scripts/simulator.ts without --shop and --token). */
export const SIM_SHOP = "rapport-sim.myshopify.com";
export const SIM_TOKEN = "shpat_simulator_token";

export interface SimulatorProcess {
  origin: string;
  child: ChildProcess;
}

export interface SimulatorProcessOptions {
  customers: number;
  seed: number;
  plan: string;
  /** The store's "today" (where its generated history ends); default the simulator's fixed date. */
  now?: Date;
  /** The clock follows the wall clock (the soak's live store). */
  realtime?: boolean;
  webhookSecret?: string;
  /** The token endpoint checks these client credentials (refreshes of expiring tokens). */
  app?: { apiKey: string; apiSecret: string };
  /** The message effect: each accepted Flow trigger causes an order (simulator/truth/effect.ts). */
  effect?: { extraConversionProbability: number; windowDays: number };
  /** Where its stderr goes: this process's (default) or a file descriptor opened by the caller. */
  stderr?: "inherit" | number;
}

function flags(options: SimulatorProcessOptions): string[] {
  const out = ["--customers", String(options.customers), "--seed", String(options.seed), "--plan", options.plan];
  if (options.now) out.push("--now", options.now.toISOString());
  if (options.realtime) out.push("--realtime");
  if (options.webhookSecret !== undefined) out.push("--webhook-secret", options.webhookSecret);
  if (options.app) out.push("--app-api-key", options.app.apiKey, "--app-api-secret", options.app.apiSecret);
  if (options.effect)
    out.push(
      "--effect-probability",
      String(options.effect.extraConversionProbability),
      "--effect-window-days",
      String(options.effect.windowDays),
    );
  return out;
}

export async function simulatorProcess(options: SimulatorProcessOptions): Promise<SimulatorProcess> {
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, "../..");
  const child = spawn(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      path.join(root, "scripts/simulator.ts"),
      "--port",
      String(port),
      ...flags(options),
    ],
    // A heap cap the bench is run with (NODE_OPTIONS) is for the app's process, not the simulator's.
    {
      cwd: root,
      stdio: ["ignore", "pipe", options.stderr ?? "inherit"],
      env: { ...process.env, NODE_OPTIONS: "" },
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const onData = (c: Buffer) => {
      out += c.toString();
      if (!out.includes("Control URL")) return;
      child.stdout!.off("data", onData);
      // Nothing more is read: keep the pipe drained so a chatty simulator never blocks on it.
      child.stdout!.resume();
      resolve();
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, child };
}

/** The shop row and its offline session, as the install leaves them. */
export async function installSimShop(db: Db): Promise<void> {
  await db.prisma.shop.create({ data: { domain: SIM_SHOP } });
  await db.prisma.session.create({
    data: { id: `offline_${SIM_SHOP}`, shop: SIM_SHOP, state: "bench", accessToken: SIM_TOKEN },
  });
}
