// CPU time of other processes, read from /proc (Linux), for the benchmarks that split time
// between Node, the app server and PostgreSQL. Kernel ticks are 1/100 s.
import fs from "node:fs";

const TICK_MS = 10;

function statFields(pid: number): string[] {
  return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
}

/** utime + stime (fields 14, 15) and, when asked, those of its exited, reaped children (16, 17). */
export function cpuTicks(pid: number, reapedChildren = false): number {
  const f = statFields(pid);
  return Number(f[11]) + Number(f[12]) + (reapedChildren ? Number(f[13]) + Number(f[14]) : 0);
}

/** CPU milliseconds used so far by a process and its descendants that are still alive. */
export function treeCpuMs(pid: number): number {
  let own = 0;
  let children: number[] = [];
  try {
    own = cpuTicks(pid) * TICK_MS;
    children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // exited meanwhile
  }
  return own + children.reduce((sum, c) => sum + treeCpuMs(c), 0);
}

/** The postmaster listening on `port`. */
export function postmasterPid(port: string): number {
  const pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  return Number(
    pids.find(
      (p) =>
        fs.readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0").includes(port) &&
        fs.readFileSync(`/proc/${p}/comm`, "utf8").trim() === "postgres",
    ),
  );
}

/** The postmaster's live children with their command lines (one that exits meanwhile is skipped). */
export function* postgresChildren(postmaster: number): Generator<{ pid: number; cmd: string }> {
  for (const p of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (Number(statFields(Number(p))[1]) !== postmaster) continue;
      yield { pid: Number(p), cmd: fs.readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ") };
    } catch {
      // exited meanwhile: counted in the postmaster's reaped children from now on
    }
  }
}
