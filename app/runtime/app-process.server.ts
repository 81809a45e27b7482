// Rapport's server (`scripts/start.ts`) as a child process, for extra web processes, the webhook
// benchmark and the production-server tests: one place that knows how it starts and when it is up.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { heapFlags } from "~/runtime/heap-flags.server";

const root = path.resolve(import.meta.dirname, "..", "..");
const READY = "Rapport is running at";

export interface AppProcessOptions {
  /** Added to this process's environment. */
  env: Record<string, string>;
  /** An IPC channel, so the child can tell when its parent is gone. */
  ipc?: boolean;
  /** "pipe" keeps the child's stderr for the error if it exits before it is up. */
  stderr?: "inherit" | "pipe";
}

/** Starts the server and resolves once it listens; rejects with its output if it exits first. */
export async function startAppProcess(options: AppProcessOptions): Promise<ChildProcess> {
  const env = { ...process.env, ...options.env };
  // Started with its heap setting (decision 0223), so it runs as is instead of starting itself again.
  const args = [...heapFlags(env), "--import", "tsx", path.join(root, "scripts", "start.ts")];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ["ignore", "pipe", options.stderr ?? "inherit", ...(options.ipc ? ["ipc" as const] : [])],
    env,
  });
  let output = "";
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stderr?.on("data", collect);
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the app exited with ${code} before listening:\n${output}`));
    child.stdout!.on("data", (chunk: Buffer) => {
      collect(chunk);
      if (!output.includes(READY)) return;
      child.off("exit", onExit);
      resolve();
    });
    child.once("exit", onExit);
  });
  // Up: keep its pipes drained without holding on to what it says.
  child.stdout!.removeAllListeners("data");
  child.stderr?.removeAllListeners("data");
  child.stdout!.resume();
  child.stderr?.resume();
  return child;
}
