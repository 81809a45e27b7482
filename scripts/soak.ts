// `npm run soak -- --minutes 10`: the store under live traffic and faults, two web and two worker
// processes on one PostgreSQL; prints one JSON report (last line) and exits 1 unless every check
// holds (scripts/soak/checks.ts, decision 0210). Options: --seed N, --customers N, --rate N
// (store actions per second), --settle N (seconds), --plant a,b (planted defects: scripts/soak/plants.ts).
import { parseArgs } from "node:util";
import { isPlant, PLANTS } from "./soak/plants";
import { runSoak } from "./soak/run";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    seed: { type: "string", default: "19" },
    customers: { type: "string", default: "2000" },
    rate: { type: "string", default: "3" },
    settle: { type: "string", default: "180" },
    plant: { type: "string", default: "" },
  },
});

function positive(name: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    process.stderr.write(`--${name}: a number above 0 and at most ${max} (got "${raw}")\n`);
    process.exit(2);
  }
  return value;
}

const plants = values.plant.split(",").filter(Boolean);
const unknown = plants.filter((p) => !isPlant(p));
if (unknown.length > 0) {
  process.stderr.write(`--plant: unknown ${unknown.join(", ")}; known: ${PLANTS.join(", ")}\n`);
  process.exit(2);
}

const report = await runSoak({
  minutes: positive("minutes", values.minutes, 24 * 60),
  seed: Math.round(positive("seed", values.seed, 2 ** 31)),
  customers: Math.round(positive("customers", values.customers, 100_000)),
  rate: positive("rate", values.rate, 200),
  settleSeconds: positive("settle", values.settle, 3600),
  plants: plants.filter(isPlant),
  say: (line) => process.stderr.write(`[soak] ${line}\n`),
});
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(report.ok ? 0 : 1);
