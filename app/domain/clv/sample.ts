// Deterministic stratified sample of summary groups, for fitting very large shops within the time
// budget (docs/decisions/0020-clv-fit-grouping-and-sampling.md). Strata are the repeat count x
// (capped), so the rare heavy buyers that pin down the heterogeneity are never thinned out;
// within a stratum, groups sorted by (T, t_x) are taken at an even stride and re-weighted so
// each stratum keeps its exact customer count.
import type { SummaryGroups } from "./summary";

export function sampleGroups(groups: SummaryGroups, maxGroups: number): SummaryGroups {
  const n = groups.x.length;
  if (n <= maxGroups) return groups;
  const strata = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = Math.min(groups.x[i], 20);
    const list = strata.get(key) ?? [];
    list.push(i);
    strata.set(key, list);
  }
  const fraction = maxGroups / n;
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (const members of strata.values()) {
    members.sort((i, j) => groups.T[i] - groups.T[j] || groups.tx[i] - groups.tx[j] || groups.x[i] - groups.x[j]);
    const take = Math.max(1, Math.min(members.length, Math.round(members.length * fraction)));
    const stride = members.length / take;
    let stratumWeight = 0;
    for (const i of members) stratumWeight += groups.weight[i];
    const picked: number[] = [];
    let pickedWeight = 0;
    for (let k = 0; k < take; k++) {
      const i = members[Math.floor(k * stride + stride / 2)];
      picked.push(i);
      pickedWeight += groups.weight[i];
    }
    const scale = stratumWeight / pickedWeight;
    for (const i of picked) {
      x.push(groups.x[i]);
      tx.push(groups.tx[i]);
      T.push(groups.T[i]);
      weight.push(groups.weight[i] * scale);
    }
  }
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), weight: Float64Array.from(weight) };
}
