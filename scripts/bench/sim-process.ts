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

export async function simulatorProcess(options: {
  customers: number;
  seed: number;
  plan: string;
}): Promise<SimulatorProcess> {
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, "../..");
  const args = ["--port", String(port), "--customers", String(options.customers), "--seed", String(options.seed)];
  const child = spawn(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      path.join(root, "scripts/simulator.ts"),
      ...args,
      "--plan",
      options.plan,
    ],
    // A heap cap the bench is run with (NODE_OPTIONS) is for the app's process, not the simulator's.
    { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_OPTIONS: "" } },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("Control URL")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
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
