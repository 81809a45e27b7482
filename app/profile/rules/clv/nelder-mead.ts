// Derivative-free minimiser for the CLV likelihoods. Parameters are optimised on the log scale by
// the callers, so the simplex lives in an unconstrained space. Restarts from the best vertex with a
// fresh simplex until a restart no longer improves: plain Nelder–Mead can stall on a collapsed
// simplex, and a restart is the standard, cheap cure.

export interface MinimiseResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

export interface MinimiseOptions {
  step?: number;
  tolerance?: number;
  maxEvaluations?: number;
  maxRestarts?: number;
  /** Convergence also needs every vertex within this of the best, per coordinate; default √tolerance. */
  xTolerance?: number;
}

function run(
  f: (x: number[]) => number,
  start: number[],
  step: number,
  tolerance: number,
  xTolerance: number,
  budget: number,
): MinimiseResult {
  const n = start.length;
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const vertex = start.slice();
    vertex[i] += step;
    simplex.push(vertex);
  }
  const values = simplex.map(f);
  let evaluations = n + 1;
  // Adaptive coefficients (Gao & Han 2012) behave better than the classic ones as n grows.
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  while (evaluations < budget) {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const sorted = order.map((i) => simplex[i]);
    const sortedValues = order.map((i) => values[i]);
    for (let i = 0; i <= n; i++) {
      simplex[i] = sorted[i];
      values[i] = sortedValues[i];
    }
    const spread = Math.abs(values[n] - values[0]);
    let size = 0;
    for (let i = 1; i <= n; i++)
      for (let j = 0; j < n; j++) size = Math.max(size, Math.abs(simplex[i][j] - simplex[0][j]));
    if (spread <= tolerance * (Math.abs(values[0]) + tolerance) && size <= xTolerance) {
      return { x: simplex[0], value: values[0], evaluations, converged: true };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n][j] - c));
    const reflected = along(-alpha);
    const fr = f(reflected);
    evaluations++;
    if (fr < values[0]) {
      const expanded = along(-alpha * beta);
      const fe = f(expanded);
      evaluations++;
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    const outside = fr < values[n];
    const contracted = along(outside ? -alpha * gamma : gamma);
    const fc = f(contracted);
    evaluations++;
    if (fc < (outside ? fr : values[n])) {
      [simplex[n], values[n]] = [contracted, fc];
      continue;
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = simplex[i].map((v, j) => simplex[0][j] + delta * (v - simplex[0][j]));
      values[i] = f(simplex[i]);
      evaluations++;
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[best]) best = i;
  return { x: simplex[best], value: values[best], evaluations, converged: false };
}

export function minimise(f: (x: number[]) => number, start: number[], options: MinimiseOptions = {}): MinimiseResult {
  const tolerance = options.tolerance ?? 1e-12;
  const budget = options.maxEvaluations ?? 5000;
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const xTolerance = options.xTolerance ?? Math.sqrt(tolerance);
  let result = run(safe, start, options.step ?? 0.5, tolerance, xTolerance, budget);
  let evaluations = result.evaluations;
  for (let restart = 0; restart < (options.maxRestarts ?? 4) && evaluations < budget; restart++) {
    const again = run(safe, result.x, Math.min(0.1, options.step ?? 0.1), tolerance, xTolerance, budget - evaluations);
    evaluations += again.evaluations;
    const improved = result.value - again.value > tolerance * (Math.abs(result.value) + tolerance);
    if (again.value <= result.value) result = again;
    if (!improved) break;
  }
  return { ...result, evaluations };
}
