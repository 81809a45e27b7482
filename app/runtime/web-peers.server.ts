// Extra web processes (WEB_PROCESSES > 1): each is `scripts/start.ts` again with the resolved
// DATABASE_URL, no worker and no peers of its own, listening on the same port with SO_REUSEPORT so
// the kernel spreads connections over them. A peer exits when its parent goes (IPC disconnect).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const PEER_FLAG = "RAPPORT_WEB_PEER";

const root = path.resolve(import.meta.dirname, "..", "..");

export const isWebPeer = (): boolean => process.env[PEER_FLAG] === "1";

/** In a peer: exit when the parent process ends, however it ends. */
export function followParent(): void {
  process.once("disconnect", () => process.exit(0));
}

async function startPeer(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    env: { ...process.env, [PEER_FLAG]: "1", DATABASE_URL: databaseUrl, WORKER_MODE: "off" },
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Rapport is running at")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`web process exited with ${code} before listening`)));
  });
  child.stdout!.resume();
  return child;
}

/** Starts `count` peers; stop() ends them and waits. */
export async function startWebPeers(count: number, databaseUrl: string): Promise<{ stop: () => Promise<void> }> {
  const peers = await Promise.all(Array.from({ length: count }, () => startPeer(databaseUrl)));
  return {
    stop: async () => {
      await Promise.all(
        peers.map(
          (peer) =>
            new Promise<void>((resolve) => {
              if (peer.exitCode !== null || peer.signalCode !== null) return resolve();
              peer.once("exit", () => resolve());
              peer.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
