// Node's start-up flags for the app's heap setting (RAPPORT_HEAP_MB, decision 0223), for every
// place that starts an app process: the entry points (heap.server.ts) and the spawners that build
// a command line themselves (app-process.server.ts, the soak's workers).
import { parseHeapEnv } from "~/env.server";

/** V8's own largest semi-space on 64-bit (MB): a bigger heap keeps V8's young generation as is. */
const V8_SEMI_SPACE_MB = 16;

/**
 * Node's flags for the heap RAPPORT_HEAP_MB asks for (none for 0); throws EnvError on a bad value.
 * The young generation (three semi-spaces) is scaled with the cap: at V8's 16 MB it would add up
 * to 48 MB to a 128 MB old space, enough to take a 100k-customer backfill over 300 MB RSS.
 */
export function heapFlags(source: Record<string, string | undefined> = process.env): string[] {
  const { RAPPORT_HEAP_MB: mb } = parseHeapEnv(source);
  if (mb === 0) return [];
  const semiSpaceMb = Math.min(V8_SEMI_SPACE_MB, Math.max(1, Math.round(mb / 32)));
  return [`--max-old-space-size=${mb}`, `--max-semi-space-size=${semiSpaceMb}`];
}

const optionOf = (flag: string): string => flag.slice(0, flag.indexOf("=") + 1);

/** Whether Node was started with these flags (of several values for one option, V8 uses the last). */
export function carriesHeapFlags(flags: readonly string[], execArgv: readonly string[] = process.execArgv): boolean {
  return flags.every((flag) => execArgv.filter((arg) => arg.startsWith(optionOf(flag))).at(-1) === flag);
}
