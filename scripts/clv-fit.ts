// npm run clv:fit -- FILE.csv [--timings] : fits BG/NBD and Gamma-Gamma to a customer summary file and
// prints {"bgnbd":{"r","alpha","a","b","logLikelihood"},"gammaGamma":{"p","q","gamma"}} on one line;
// --timings adds "timings" (milliseconds per phase, from the script's start) and "groups".
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { parseSummaryColumns, SummaryCsvError } from "~/profile/rules/clv/csv";
import { fitBgNbdStaged, fitGammaGammaStaged } from "~/profile/rules/clv/staged";
import { groupColumns, monetaryColumns, type SummaryColumns } from "~/profile/rules/clv/summary";

// Inputs above this many groups (or repeat customers) start from a fit on a sample of this size;
// the answer is still the maximum on every customer (app/profile/rules/clv/staged.ts).
const STAGE_SAMPLE = 20_000;

function fail(message: string): never {
  process.stderr.write(`clv:fit: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const timed = args.includes("--timings");
const file = args.find((a) => a !== "--timings");
if (!file) fail("usage: npm run clv:fit -- FILE.csv [--timings] (columns id,x,t_x,T,zbar)");
// Wall and CPU (user + system) milliseconds per phase: the machine is shared, and CPU time shows
// what the fit itself costs when other processes hold the cores.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let lap = performance.now();
let cpuLap = cpuNow();
const cpu: Record<string, number> = {};
const since = (phase: string) => {
  const now = performance.now();
  const ms = Math.round((now - lap) * 10) / 10;
  const c = cpuNow();
  cpu[phase] = Math.round((c - cpuLap) * 10) / 10;
  lap = now;
  cpuLap = c;
  return ms;
};
let bytes: Buffer;
try {
  bytes = fs.readFileSync(file);
} catch (error) {
  fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
}
const readMs = since("readMs");
let columns: SummaryColumns;
try {
  columns = parseSummaryColumns(bytes);
} catch (error) {
  if (error instanceof SummaryCsvError) fail(`${file}: ${error.message}`);
  throw error;
}
const parseMs = since("parseMs");
const monetary = monetaryColumns(columns);
if (monetary.x.length === 0) fail(`${file}: no customer with x > 0 and zbar > 0; Gamma-Gamma cannot be fitted`);
const groups = groupColumns(columns);
const groupMs = since("groupMs");
const bg = fitBgNbdStaged(groups, STAGE_SAMPLE).fit;
const bgnbdMs = since("bgnbdMs");
const gg = fitGammaGammaStaged(monetary, STAGE_SAMPLE).fit;
const gammaGammaMs = since("gammaGammaMs");
// The estimates are still printed: a fit that stopped short is worth seeing, but never silently.
if (!bg.converged) process.stderr.write(`clv:fit: BG/NBD optimiser did not converge (${bg.evaluations} evaluations)\n`);
if (!gg.converged)
  process.stderr.write(`clv:fit: Gamma-Gamma optimiser did not converge (${gg.evaluations} evaluations)\n`);
const timings = {
  readMs,
  parseMs,
  groupMs,
  bgnbdMs,
  gammaGammaMs,
  cpuMs: cpu,
  sinceProcessStartMs: Math.round(performance.now()),
  // Every thread's user + system time since the process started (node's start-up, GC threads).
  processCpuMs: Math.round(cpuNow()),
  fitEvaluations: [bg.evaluations, gg.evaluations],
};
// stdout is synchronous for files and pipes on Linux; exiting skips tearing down a large heap.
process.stdout.write(
  `${JSON.stringify({
    bgnbd: { r: bg.params.r, alpha: bg.params.alpha, a: bg.params.a, b: bg.params.b, logLikelihood: bg.logLikelihood },
    gammaGamma: { p: gg.params.p, q: gg.params.q, gamma: gg.params.gamma },
    ...(timed
      ? { timings, customers: columns.x.length, groups: groups.x.length, repeatCustomers: monetary.x.length }
      : {}),
  })}\n`,
);
process.exit(0);
