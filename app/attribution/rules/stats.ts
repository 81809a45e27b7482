// Interval estimates used by the lift report. Choices and their sources:
// docs/decisions/0061-lift-statistics.md.

/** Two-sided 95% standard normal quantile. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for a binomial proportion (no continuity correction). */
export function wilsonInterval(successes: number, trials: number, z = Z95): Interval {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval for p1 − p2 (Newcombe 1998, method 10): combines the two
 * Wilson intervals, so it stays inside [−1, 1] and behaves at 0 or n successes, unlike Wald.
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = Z95,
): Interval & { estimate: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  const estimate = p1 - p2;
  return {
    estimate,
    low: estimate - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: estimate + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

/**
 * Student t quantile from the normal one by the Cornish–Fisher expansion (Abramowitz & Stegun
 * 26.7.5); within 1e-3 of the exact value for df ≥ 5, and the lift rule never goes below that.
 */
export function tQuantile(df: number, z = Z95): number {
  if (!Number.isFinite(df) || df > 1e7) return z;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

export interface SampleMoments {
  n: number;
  mean: number;
  /** Sample variance (n − 1 denominator). */
  variance: number;
}

/** Welch's interval for mean1 − mean2 with the Welch–Satterthwaite degrees of freedom. */
export function welchDifference(
  a: SampleMoments,
  b: SampleMoments,
): Interval & { estimate: number; standardError: number; df: number } {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const standardError = Math.sqrt(va + vb);
  const estimate = a.mean - b.mean;
  const df = standardError === 0 ? Infinity : (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = tQuantile(df) * standardError;
  return { estimate, standardError, df, low: estimate - half, high: estimate + half };
}

/** Mean and sample variance of a list of values (Welford, stable for large sums). */
export function moments(values: readonly number[]): SampleMoments {
  let mean = 0;
  let m2 = 0;
  values.forEach((value, index) => {
    const delta = value - mean;
    mean += delta / (index + 1);
    m2 += delta * (value - mean);
  });
  return { n: values.length, mean, variance: values.length > 1 ? m2 / (values.length - 1) : 0 };
}
