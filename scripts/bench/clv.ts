// npm run bench:clv — `clv:fit` end to end on 1M-customer summaries drawn from the models across a
// range of parameters (scripts/bench/clv-sample.ts). For each set: writes the CSV, runs
// `node scripts/run-bundled.mjs scripts/clv-fit.ts FILE --timings` (what `npm run clv:fit` runs) as
// its own process, and reports the wall time (spawn to exit), the process's CPU time (user + system
// of every thread from its start, as the script reports it just before exiting), the script's phases,
// and the recovered against the true parameters. The bundle is built once before the first timed run (a user's second run onwards).
// CLV_BENCH_CUSTOMERS (default 1000000), CLV_BENCH_SETS (comma-separated names), CLV_BENCH_RUNS
// (runs per set, default 1; the wall time reported is the median). Last line: JSON.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { BgNbdParams } from "~/profile/rules/clv/bgnbd";
import type { GammaGammaParams } from "~/profile/rules/clv/gamma-gamma";
import { summaryCsv, type SampleSpec } from "./clv-sample";

const SETS: { name: string; bgnbd: BgNbdParams; gammaGamma: GammaGammaParams }[] = [
  // The store: α ≈ 35 days, up to ~60 purchases over two years.
  { name: "alpha35", bgnbd: { r: 0.9, alpha: 35, a: 0.6, b: 3.5 }, gammaGamma: { p: 6, q: 3.8, gamma: 15 } },
  // CDNOW's published estimates with α converted from weeks to days.
  {
    name: "cdnow-like",
    bgnbd: { r: 0.243, alpha: 30.9, a: 0.793, b: 2.426 },
    gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  },
  // Heavy repeat: a purchase every ~2 weeks, rare drop-out; hundreds of purchases for some.
  { name: "heavy-repeat", bgnbd: { r: 2, alpha: 25, a: 0.2, b: 8 }, gammaGamma: { p: 3, q: 10, gamma: 200 } },
  // Churny: most customers leave soon after a repeat purchase.
  { name: "churny", bgnbd: { r: 0.3, alpha: 90, a: 2, b: 1.5 }, gammaGamma: { p: 1.5, q: 2.5, gamma: 40 } },
  // Slow and alike: a low, homogeneous rate (large r and α).
  { name: "slow-homogeneous", bgnbd: { r: 6, alpha: 1200, a: 1, b: 10 }, gammaGamma: { p: 20, q: 20, gamma: 300 } },
];

const customers = Number(process.env.CLV_BENCH_CUSTOMERS ?? 1_000_000);
const wanted = process.env.CLV_BENCH_SETS?.split(",");
const runs = Math.max(1, Number(process.env.CLV_BENCH_RUNS ?? 1));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-clv-bench-"));
const root = path.resolve(import.meta.dirname, "../..");
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
const say = (line: string) => process.stdout.write(`${line}\n`);
const relative = (got: number, truth: number) => Math.round(((got - truth) / truth) * 1e4) / 1e4;

interface FitOutput {
  bgnbd: BgNbdParams & { logLikelihood: number };
  gammaGamma: GammaGammaParams;
  timings: Record<string, number | number[]>;
  customers: number;
  groups: number;
  repeatCustomers: number;
}

const fitCommand = ["scripts/run-bundled.mjs", "scripts/clv-fit.ts"];
// Builds the cached bundle if the sources changed (the script then exits on its usage message).
spawnSync(process.execPath, fitCommand, { cwd: root, encoding: "utf8" });

const results = [];
try {
  for (const set of SETS.filter((s) => !wanted || wanted.includes(s.name))) {
    const spec: SampleSpec = { customers, ...set, minT: 30, maxT: 730, seed: set.name };
    const file = path.join(dir, `${set.name}.csv`);
    const fd = fs.openSync(file, "w");
    summaryCsv(spec, (chunk) => fs.writeSync(fd, chunk));
    fs.closeSync(fd);
    const walls: number[] = [];
    const cpus: number[] = [];
    let out: FitOutput | null = null;
    const loadBefore = load();
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const child = spawnSync(process.execPath, [...fitCommand, file, "--timings"], {
        cwd: root,
        encoding: "utf8",
      });
      walls.push(Math.round(performance.now() - started));
      if (child.status !== 0) throw new Error(`clv:fit failed on ${set.name}: ${child.stderr}`);
      if (child.stderr) say(`${set.name}: ${child.stderr.trim()}`);
      out = JSON.parse(child.stdout) as FitOutput;
      cpus.push(Number(out.timings.processCpuMs));
    }
    if (!out) continue;
    walls.sort((p, q) => p - q);
    const entry = {
      set: set.name,
      customers: out.customers,
      groups: out.groups,
      repeatCustomers: out.repeatCustomers,
      wallMs: walls[Math.floor(walls.length / 2)],
      wallsMs: walls,
      processCpuMs: cpus,
      phasesMs: out.timings,
      fileMB: Math.round(fs.statSync(file).size / 1e5) / 10,
      load: { before: loadBefore, after: load() },
      bgnbd: Object.fromEntries(
        (["r", "alpha", "a", "b"] as const).map((k) => [
          k,
          { true: set.bgnbd[k], fitted: out.bgnbd[k], relError: relative(out.bgnbd[k], set.bgnbd[k]) },
        ]),
      ),
      gammaGamma: Object.fromEntries(
        (["p", "q", "gamma"] as const).map((k) => [
          k,
          {
            true: set.gammaGamma[k],
            fitted: out.gammaGamma[k],
            relError: relative(out.gammaGamma[k], set.gammaGamma[k]),
          },
        ]),
      ),
    };
    say(
      `${set.name}: wall ${entry.wallMs} ms (${walls.join(", ")}), CPU ${cpus.join(", ")} ms, ${out.groups} groups, phases ${JSON.stringify(out.timings)}, load ${entry.load.after.join(" ")}`,
    );
    results.push(entry);
    fs.rmSync(file);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
say(JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, customers, runs, sets: results }));
