import { SimulatorCore } from "~sim/core";
import { pillarTruth } from "~sim/truth/pillars";
for (const customers of [2000, 10000]) {
  const now = Date.now() - 60 * 86_400_000;
  const core = new SimulatorCore({ customers, seed: 42, now });
  const counts: number[] = [];
  const ever = new Set<number>();
  for (let d = 0; d <= 60; d += 5) {
    const t = pillarTruth(core.store, now + d * 86_400_000);
    counts.push(t.affinity.length);
    for (const a of t.affinity) ever.add(a.customerId);
  }
  console.log(customers, "affinity members every 5 days:", counts.join(","), "distinct over 60d:", ever.size);
}
