// RFM quintile scores within a shop (docs/decisions/0022). Among customers with at least one
// counted order, a value's score is 1 + floor(5·(rank − 1) / N), where rank = 1 + the number of
// customers with a strictly lower value. Ties therefore always share a score (the score of their
// first position), and the top score 5 goes to the highest values. R ranks the last order instant
// (more recent = higher), F the counted order count, M the net spend.
// The same rule runs set-based in SQL (rank() OVER); cut points let one customer be scored later
// against the shop's current distribution without re-ranking everybody.

export type Cuts = [number, number, number, number]; // minimum value for scores 2, 3, 4, 5

export function quintileScores(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const firstIndex = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (!firstIndex.has(v)) firstIndex.set(v, i);
  });
  return values.map((v) => 1 + Math.floor((5 * firstIndex.get(v)!) / n));
}

export function cutPoints(values: readonly number[]): Cuts {
  const scores = quintileScores(values);
  const cuts: Cuts = [Infinity, Infinity, Infinity, Infinity];
  values.forEach((v, i) => {
    for (let s = 2; s <= scores[i]; s++) cuts[s - 2] = Math.min(cuts[s - 2], v);
  });
  return cuts;
}

export function scoreFromCuts(value: number, cuts: Cuts): number {
  let score = 1;
  for (let s = 2; s <= 5; s++) if (value >= cuts[s - 2]) score = s;
  return score;
}
