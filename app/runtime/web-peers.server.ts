// Extra web processes (WEB_PROCESSES > 1): each is `scripts/start.ts` again with the resolved
// DATABASE_URL, no worker and no peers of its own, listening on the same port with SO_REUSEPORT so
// the kernel spreads connections over them. A peer exits when its parent goes (IPC disconnect);
// one that dies on its own is started again, after a growing pause, unless the app is stopping (0109).
import type { ChildProcess } from "node:child_process";
import { startAppProcess } from "~/runtime/app-process.server";

export const PEER_FLAG = "RAPPORT_WEB_PEER";

/** First pause before a restart; doubles on each quick death up to the maximum. */
export const RESTART_MIN_MS = 1_000;
export const RESTART_MAX_MS = 30_000;
/** A peer that lived this long was healthy: its next restart starts from the minimum pause again. */
export const HEALTHY_AFTER_MS = 60_000;

export const isWebPeer = (): boolean => process.env[PEER_FLAG] === "1";

/** In a peer: exit when the parent process ends, however it ends. */
export function followParent(): void {
  process.once("disconnect", () => process.exit(0));
}

const startPeer = (databaseUrl: string): Promise<ChildProcess> =>
  startAppProcess({ env: { [PEER_FLAG]: "1", DATABASE_URL: databaseUrl, WORKER_MODE: "off" }, ipc: true });

const ended = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

/** Starts `count` peers and keeps them running; stop() ends them and waits. */
export async function startWebPeers(
  count: number,
  databaseUrl: string,
  say: (line: string) => void,
): Promise<{ stop: () => Promise<void> }> {
  let stopping = false;
  const running = new Set<ChildProcess>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopping) run();
    }, ms);
    timers.add(timer);
  };

  const keep = (child: ChildProcess, pause: number) => {
    const born = Date.now();
    running.add(child);
    child.once("exit", (code, signal) => {
      running.delete(child);
      if (stopping) return;
      const wait = Date.now() - born > HEALTHY_AFTER_MS ? RESTART_MIN_MS : pause;
      say(`web process ${child.pid} exited (${signal ?? code}); starting another in ${wait} ms`);
      later(wait, () => restart(Math.min(wait * 2, RESTART_MAX_MS)));
    });
  };

  const restart = (pause: number) => {
    startPeer(databaseUrl).then(
      (child) => {
        if (stopping) child.kill("SIGTERM");
        else keep(child, pause);
      },
      (error: unknown) => {
        say(
          `web process did not start (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); trying again in ${pause} ms`,
        );
        later(pause, () => restart(Math.min(pause * 2, RESTART_MAX_MS)));
      },
    );
  };

  for (const child of await Promise.all(Array.from({ length: count }, () => startPeer(databaseUrl))))
    keep(child, RESTART_MIN_MS);
  return {
    stop: async () => {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(
        [...running].map(
          (peer) =>
            new Promise<void>((resolve) => {
              if (ended(peer)) return resolve();
              peer.once("exit", () => resolve());
              peer.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
