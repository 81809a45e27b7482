// The per-customer RFM summary the CLV models consume (Fader–Hardie notation), and its compact
// grouped form. Customers with identical (x, t_x, T) contribute identical BG/NBD terms, so the
// likelihood is a weighted sum over groups: grouping is exact, not an approximation.

export interface CustomerSummary {
  /** Repeat transactions (orders after the first). */
  x: number;
  /** Time from first to last purchase. */
  tx: number;
  /** Time from first purchase to the end of observation. */
  T: number;
  /** Mean value of the repeat transactions (0 when x = 0). */
  zbar: number;
}

/** Column-oriented groups: weight[i] customers share (x[i], tx[i], T[i]). */
export interface SummaryGroups {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
}

export function groupSummaries(rows: readonly CustomerSummary[]): SummaryGroups {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (const row of rows) {
    const key = `${row.x}|${row.tx}|${row.T}`;
    const at = index.get(key);
    if (at !== undefined) {
      weight[at] += 1;
      continue;
    }
    index.set(key, x.length);
    x.push(row.x);
    tx.push(row.tx);
    T.push(row.T);
    weight.push(1);
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
  };
}

/** Monetary observations for Gamma-Gamma: customers with x > 0, their x and zbar. */
export interface MonetaryData {
  x: Float64Array;
  zbar: Float64Array;
  weight: Float64Array;
}

export function monetaryData(rows: readonly CustomerSummary[]): MonetaryData {
  const repeat = rows.filter((r) => r.x > 0 && r.zbar > 0);
  return {
    x: Float64Array.from(repeat, (r) => r.x),
    zbar: Float64Array.from(repeat, (r) => r.zbar),
    weight: new Float64Array(repeat.length).fill(1),
  };
}

export function totalWeight(weights: Float64Array): number {
  let sum = 0;
  for (const w of weights) sum += w;
  return sum;
}

/**
 * A column's distinct values in first-seen order, and each row's index into them: the likelihoods
 * evaluate terms that depend on the value alone (lnΓ of x, logs of whole-day times) once per value.
 */
export function distinctValues(x: ArrayLike<number>): { values: Float64Array; of: Int32Array } {
  const seen = new Map<number, number>();
  const of = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let at = seen.get(x[i]);
    if (at === undefined) {
      at = seen.size;
      seen.set(x[i], at);
    }
    of[i] = at;
  }
  return { values: Float64Array.from(seen.keys()), of };
}
