// Extra web processes (WEB_PROCESSES > 1): each is `scripts/start.ts` again with the resolved
// DATABASE_URL, no worker and no peers of its own, listening on the same port with SO_REUSEPORT so
// the kernel spreads connections over them. A peer exits when its parent goes (IPC disconnect).
import type { ChildProcess } from "node:child_process";
import { startAppProcess } from "~/runtime/app-process.server";

export const PEER_FLAG = "RAPPORT_WEB_PEER";

export const isWebPeer = (): boolean => process.env[PEER_FLAG] === "1";

/** In a peer: exit when the parent process ends, however it ends. */
export function followParent(): void {
  process.once("disconnect", () => process.exit(0));
}

const startPeer = (databaseUrl: string): Promise<ChildProcess> =>
  startAppProcess({ env: { [PEER_FLAG]: "1", DATABASE_URL: databaseUrl, WORKER_MODE: "off" }, ipc: true });

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
