// The app's processes run with a deliberate V8 heap (decision 0223): V8 otherwise lets its heap grow
// far past the live data (a 100k-customer backfill peaked at 443 MB RSS with 59–109 MB in use).
// The cap is a start-up flag, so an entry point that was not started with it runs itself again as a
// child that is, and stays as that child's supervisor: it passes signals on, exits as the child
// exits, and starts it again when it dies of a signal it was not sent (V8's out-of-memory abort,
// the kernel's OOM killer). Spawners that build the command line themselves add heapFlags()
// (heap-flags.server.ts).
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { EnvError } from "~/env.server";
import { carriesHeapFlags, heapFlags } from "~/runtime/heap-flags.server";
import { HEALTHY_AFTER_MS, RESTART_MAX_MS, RESTART_MIN_MS } from "~/runtime/web-peers.server";

/** Set in the supervised child: it stops when its supervisor is gone. */
export const SUPERVISED_FLAG = "RAPPORT_HEAP_SUPERVISED";

export interface HeapStartOptions {
  /** Start the child again after a crash (production entry points); a benchmark just fails. */
  restart: boolean;
}

const say = (line: string) => process.stderr.write(`[rapport] ${line}\n`);

/**
 * For entry points, before they import the app: resolves in the process that runs with the heap
 * setting; in any other process it never resolves (that process supervises the child until it exits).
 */
export function startWithHeapSetting(options: HeapStartOptions): Promise<void> {
  let flags: string[];
  try {
    flags = heapFlags();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(1);
  }
  if (carriesHeapFlags(flags)) {
    // An IPC channel that closes means the supervisor is gone (even SIGKILLed): stop as on SIGTERM.
    if (process.env[SUPERVISED_FLAG] === "1") {
      process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
      // A listener holds the channel, and with it the process: it must still end when its work does.
      setImmediate(() => process.channel?.unref());
    }
    return Promise.resolve();
  }
  supervise([...process.execArgv, ...flags, ...process.argv.slice(1)], options);
  return new Promise<void>(() => undefined);
}

const signalNumber = (signal: NodeJS.Signals): number => os.constants.signals[signal];

function supervise(args: string[], options: HeapStartOptions): void {
  let child: ChildProcess | null = null;
  let stopping = false;
  let pause = RESTART_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  const run = () => {
    const born = Date.now();
    // Its own process group: a terminal's Ctrl-C reaches it once, through here, not twice.
    const started = spawn(process.execPath, args, {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env: { ...process.env, [SUPERVISED_FLAG]: "1" },
      detached: true,
    });
    child = started;
    started.once("exit", (code, signal) => {
      child = null;
      if (stopping || signal === null || !options.restart) {
        process.exit(code ?? 128 + signalNumber(signal ?? "SIGTERM"));
      }
      const wait = Date.now() - born > HEALTHY_AFTER_MS ? RESTART_MIN_MS : pause;
      pause = Math.min(wait * 2, RESTART_MAX_MS);
      say(`process ${started.pid} died (${signal}); starting it again in ${wait} ms`);
      timer = setTimeout(run, wait);
    });
  };

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      if (child) child.kill(signal);
      else process.exit(128 + signalNumber(signal));
    });
  }
  run();
}
