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

/** The summary as columns (what the CSV reader produces): no object per customer. */
export interface SummaryColumns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  zbar: Float64Array;
}

export function toColumns(rows: readonly CustomerSummary[]): SummaryColumns {
  return {
    x: Float64Array.from(rows, (r) => r.x),
    tx: Float64Array.from(rows, (r) => r.tx),
    T: Float64Array.from(rows, (r) => r.T),
    zbar: Float64Array.from(rows, (r) => r.zbar),
  };
}

export function groupSummaries(rows: readonly CustomerSummary[]): SummaryGroups {
  return groupColumns(toColumns(rows));
}

/**
 * Groups customers by (x, t_x, T). A counting sort by (x, T) over the distinct-value indices of
 * each column, then per bucket a tally of t_x over a small table: sequential passes instead of a
 * hash probe per customer (a string-keyed Map took ~0.5 s on 1M customers, a numeric open-address
 * table ~0.3 s, mostly cache misses). Output is ordered by bucket, deterministic for a given input.
 * Above `maxBuckets` distinct (x, T) pairs (times that are not whole days, say) a string-keyed Map.
 */
export function groupColumns(c: Pick<SummaryColumns, "x" | "tx" | "T">, maxBuckets = 1 << 22): SummaryGroups {
  const n = c.x.length;
  const xs = distinctValues(c.x);
  const times = distinctValues(c.T, c.tx);
  const nt = times.values.length;
  const buckets = xs.values.length * nt;
  if (buckets > maxBuckets) return groupByString(c);
  const start = new Int32Array(buckets + 1);
  const bucketOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = xs.of[i] * nt + times.of[i];
    bucketOf[i] = b;
    start[b + 1]++;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const fill = start.slice(0, buckets);
  const txInBucketOrder = new Int32Array(n);
  for (let i = 0; i < n; i++) txInBucketOrder[fill[bucketOf[i]]++] = times.of[n + i];
  const tally = new Float64Array(nt);
  const seen = new Int32Array(nt);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const weight = new Float64Array(n);
  let groups = 0;
  for (let b = 0; b < buckets; b++) {
    if (start[b] === start[b + 1]) continue;
    let m = 0;
    for (let k = start[b]; k < start[b + 1]; k++) {
      const t = txInBucketOrder[k];
      if (tally[t] === 0) seen[m++] = t;
      tally[t]++;
    }
    const xv = xs.values[Math.floor(b / nt)];
    const Tv = times.values[b % nt];
    for (let j = 0; j < m; j++) {
      const t = seen[j];
      x[groups] = xv;
      tx[groups] = times.values[t];
      T[groups] = Tv;
      weight[groups] = tally[t];
      tally[t] = 0;
      groups++;
    }
  }
  return {
    x: x.subarray(0, groups),
    tx: tx.subarray(0, groups),
    T: T.subarray(0, groups),
    weight: weight.subarray(0, groups),
  };
}

function groupByString(c: Pick<SummaryColumns, "x" | "tx" | "T">): SummaryGroups {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < c.x.length; i++) {
    const key = `${c.x[i]}|${c.tx[i]}|${c.T[i]}`;
    const at = index.get(key);
    if (at !== undefined) {
      weight[at] += 1;
      continue;
    }
    index.set(key, x.length);
    x.push(c.x[i]);
    tx.push(c.tx[i]);
    T.push(c.T[i]);
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
  return monetaryColumns(toColumns(rows));
}

export function monetaryColumns(c: Pick<SummaryColumns, "x" | "zbar">): MonetaryData {
  let m = 0;
  for (let i = 0; i < c.x.length; i++) if (c.x[i] > 0 && c.zbar[i] > 0) m++;
  const x = new Float64Array(m);
  const zbar = new Float64Array(m);
  for (let i = 0, j = 0; i < c.x.length; i++) {
    if (c.x[i] > 0 && c.zbar[i] > 0) {
      x[j] = c.x[i];
      zbar[j] = c.zbar[i];
      j++;
    }
  }
  return { x, zbar, weight: new Float64Array(m).fill(1) };
}

export function totalWeight(weights: Float64Array): number {
  let sum = 0;
  for (const w of weights) sum += w;
  return sum;
}

/**
 * The distinct values of a column (or of two columns read end to end, without copying them) in
 * first-seen order, and each row's index into them: the likelihoods evaluate terms that depend on
 * the value alone (lnΓ of x, logs of whole-day times) once per value.
 */
export function distinctValues(
  first: ArrayLike<number>,
  second: ArrayLike<number> = [],
): { values: Float64Array; of: Int32Array } {
  const columns = [first, second];
  const of = new Int32Array(first.length + second.length);
  // Whole numbers in a small range (days, purchase counts) index a table instead of a Map.
  let max = 0;
  let small = true;
  for (const column of columns) {
    for (let i = 0; i < column.length && small; i++) {
      const v = column[i];
      if (Number.isInteger(v) && v >= 0 && v <= 1 << 22) max = Math.max(max, v);
      else small = false;
    }
  }
  const values: number[] = [];
  let row = 0;
  if (small) {
    const index = new Int32Array(max + 1).fill(-1);
    for (const column of columns) {
      for (let i = 0; i < column.length; i++) {
        const v = column[i];
        let at = index[v];
        if (at < 0) {
          at = index[v] = values.length;
          values.push(v);
        }
        of[row++] = at;
      }
    }
    return { values: Float64Array.from(values), of };
  }
  const seen = new Map<number, number>();
  for (const column of columns) {
    for (let i = 0; i < column.length; i++) {
      let at = seen.get(column[i]);
      if (at === undefined) {
        at = seen.size;
        seen.set(column[i], at);
      }
      of[row++] = at;
    }
  }
  return { values: Float64Array.from(seen.keys()), of };
}
