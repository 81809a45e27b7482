// Node's start-up flags for the app's heap setting (RAPPORT_HEAP_MB, decision 0223), for every
// place that starts an app process: the entry points (heap.server.ts) and the spawners that build
// a command line themselves (app-process.server.ts, the soak's workers).
import { parseHeapEnv } from "~/env.server";

const OLD_SPACE = "--max-old-space-size=";

/** Node's flags for the heap RAPPORT_HEAP_MB asks for (none for 0); throws EnvError on a bad value. */
export function heapFlags(source: Record<string, string | undefined> = process.env): string[] {
  const { RAPPORT_HEAP_MB: mb } = parseHeapEnv(source);
  return mb === 0 ? [] : [`${OLD_SPACE}${mb}`];
}

/** Whether Node was started with these flags (of several old-space flags, V8 uses the last). */
export function carriesHeapFlags(flags: readonly string[], execArgv: readonly string[] = process.execArgv): boolean {
  const last = execArgv.filter((arg) => arg.startsWith(OLD_SPACE)).at(-1);
  return flags.every((flag) => !flag.startsWith(OLD_SPACE) || flag === last);
}
