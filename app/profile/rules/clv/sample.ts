// Deterministic stratified sample of summary groups, for fitting very large shops within the time
// budget (docs/decisions/0020-clv-fit-grouping-and-sampling.md). Strata are the repeat count x
// (capped at 20), so the rare heavy buyers that pin down the heterogeneity are never thinned out
// (a stratum keeps at least MIN_PER_STRATUM groups), and customers with no repeat purchase (x = 0)
// are kept whole. Within a stratum a group is kept when a hash
// of its (x, t_x, T) falls below the sampling fraction — O(n), no sort, same groups every run —
// and kept groups are re-weighted so each stratum keeps its exact customer count.
import type { SummaryGroups } from "./summary";

const MIN_PER_STRATUM = 200;
const STRATA = 21;

// Salted with the cap: a sample of a sample must draw afresh, or the groups that passed the
// first (smaller-fraction) draw would all pass the second.
function hash(salt: number, x: number, tx: number, T: number): number {
  let h =
    Math.imul(salt | 0, 0x27d4eb2d) ^
    Math.imul(x | 0, 0x9e3779b1) ^
    Math.imul(Math.round(tx * 1000) | 0, 0x85ebca77) ^
    Math.imul(Math.round(T * 1000) | 0, 0xc2b2ae3d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export function sampleGroups(groups: SummaryGroups, maxGroups: number): SummaryGroups {
  const n = groups.x.length;
  if (n <= maxGroups) return groups;
  const stratum = (i: number) => Math.min(groups.x[i], STRATA - 1);
  const size = new Float64Array(STRATA);
  for (let i = 0; i < n; i++) size[stratum(i)]++;
  // Customers with x = 0 cost the likelihoods one term per distinct T however many groups hold them,
  // so thinning them saves nothing, while drawing a few hundred heavy groups (one per T) skews the
  // sample's T distribution: on 1M customers it moved the sample's optimum far along the a–b ridge and
  // the full fit then needed 36 evaluations instead of 10 (decision 0217). They are kept whole when
  // they fill at most a tenth of the budget; the other strata share the rest.
  const wholeZero = size[0] > 0 && size[0] <= maxGroups / 10;
  const budget = wholeZero ? maxGroups - size[0] : maxGroups;
  const pool = wholeZero ? n - size[0] : n;
  const fraction = Float64Array.from(size, (s, k) =>
    s === 0 ? 0 : k === 0 && wholeZero ? 1 : Math.min(1, Math.max((s * budget) / pool, MIN_PER_STRATUM) / s),
  );
  const keep: number[] = [];
  const totalWeight = new Float64Array(STRATA);
  const keptWeight = new Float64Array(STRATA);
  for (let i = 0; i < n; i++) {
    const s = stratum(i);
    totalWeight[s] += groups.weight[i];
    if (hash(maxGroups, groups.x[i], groups.tx[i], groups.T[i]) < fraction[s]) {
      keep.push(i);
      keptWeight[s] += groups.weight[i];
    }
  }
  // A stratum whose hash draw came up empty keeps its first group, so no customer mass is lost.
  for (let s = 0; s < STRATA; s++) {
    if (totalWeight[s] > 0 && keptWeight[s] === 0) {
      for (let i = 0; i < n; i++) {
        if (stratum(i) === s) {
          keep.push(i);
          keptWeight[s] = groups.weight[i];
          break;
        }
      }
    }
  }
  const pick = (column: Float64Array) => Float64Array.from(keep, (i) => column[i]);
  return {
    x: pick(groups.x),
    tx: pick(groups.tx),
    T: pick(groups.T),
    weight: Float64Array.from(keep, (i) => groups.weight[i] * (totalWeight[stratum(i)] / keptWeight[stratum(i)])),
  };
}
