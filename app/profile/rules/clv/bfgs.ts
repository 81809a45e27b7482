// Quasi-Newton minimiser for the CLV likelihoods: BFGS with an inverse-Hessian update and a
// strong-Wolfe line search (Nocedal & Wright, Numerical Optimization, algorithms 6.1, 3.5, 3.6).
// The callers optimise log-parameters, so the space is unconstrained; a value that is not finite
// (an overflow far from the optimum) counts as +∞ and makes the line search step back.
// docs/decisions/0185-clv-quasi-newton.md.

/** Returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface BfgsOptions {
  /** Converged when every gradient component is at most this (the objectives are per customer). */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Longest first step per coordinate (log scale: e^3 ≈ 20×), so one bad step cannot overflow. */
  maxStep?: number;
  /**
   * Starting inverse Hessian (row-major n×n), e.g. from a fit of the same objective on a sample: the
   * objectives are per customer, so a sample's curvature is the full data's, and the full fit then
   * needs a few evaluations instead of dozens.
   */
  inverseHessian?: readonly number[];
  /**
   * Return the inverse of the Hessian from central differences of the gradient at the end (2n more
   * evaluations) instead of BFGS's approximation, which can be poor along a ridge (BG/NBD's a–b,
   * Gamma-Gamma's p–q–γ): a warm start from it saves more full-data evaluations than it costs on a
   * sample.
   */
  differencedCurvature?: boolean;
}

/** What a model fit lets its caller set: the BFGS options but the step bound. */
export type FitControl = Pick<
  BfgsOptions,
  "gradientTolerance" | "maxIterations" | "inverseHessian" | "differencedCurvature"
>;

/** The BFGS options of a model fit (BG/NBD, Gamma-Gamma): per-customer tolerance 1e-10, 300 iterations. */
export function fitOptions(control: FitControl): BfgsOptions {
  return {
    gradientTolerance: control.gradientTolerance ?? 1e-10,
    maxIterations: control.maxIterations ?? 300,
    inverseHessian: control.inverseHessian,
    differencedCurvature: control.differencedCurvature,
  };
}

export interface BfgsResult {
  x: number[];
  value: number;
  evaluations: number;
  iterations: number;
  converged: boolean;
  /** The final inverse-Hessian approximation (row-major), to warm-start a related fit. */
  inverseHessian: number[];
}

const C1 = 1e-4;
const C2 = 0.9;
// The objectives are sums over up to millions of customers: near the optimum their rounding noise
// (~1e-13 relative, measured on Gamma-Gamma's flat ridge) exceeds the decrease a step can make, while
// the analytic gradient stays accurate. Values within this relative margin count as equal, so the
// line search then steers by the slope (Hager & Zhang's approximate Wolfe conditions in spirit).
const NOISE = 1e-12;
const maxAbs = (v: Float64Array) => v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, e, i) => s + e * b[i], 0);

interface Point {
  step: number;
  f: number;
  slope: number;
}

/** Minimiser of a cubic through two points with slopes, kept inside the middle 80% of [lo, hi]. */
function interpolate(lo: Point, hi: Point): number {
  const d1 = lo.slope + hi.slope - (3 * (lo.f - hi.f)) / (lo.step - hi.step);
  const d2sq = d1 * d1 - lo.slope * hi.slope;
  const width = hi.step - lo.step;
  let t = lo.step + width / 2;
  if (Number.isFinite(hi.f) && d2sq >= 0) {
    const d2 = Math.sign(width) * Math.sqrt(d2sq);
    t = hi.step - width * ((hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2));
  }
  const a = Math.min(lo.step, hi.step);
  const b = Math.max(lo.step, hi.step);
  return Number.isFinite(t) ? Math.min(Math.max(t, a + 0.1 * (b - a)), b - 0.1 * (b - a)) : (a + b) / 2;
}

export function minimiseBfgs(f: Objective, start: readonly number[], options: BfgsOptions = {}): BfgsResult {
  const n = start.length;
  const tolerance = options.gradientTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 200;
  const maxStep = options.maxStep ?? 3;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let value = f(x, g);
  let evaluations = 1;
  const warm = options.inverseHessian?.length === n * n ? options.inverseHessian : undefined;
  let h = warm ? Array.from({ length: n }, (_, i) => Float64Array.from(warm.slice(i * n, i * n + n))) : identity(n);
  let scaled = warm !== undefined;
  const done = (converged: boolean, iterations: number): BfgsResult => {
    let inverse = h.flatMap((row) => [...row]);
    if (converged && options.differencedCurvature) {
      const differenced = differencedInverseHessian(f, x);
      evaluations += 2 * n;
      if (differenced) inverse = differenced;
    }
    return { x: [...x], value, evaluations, iterations, converged, inverseHessian: inverse };
  };
  if (!Number.isFinite(value) || !g.every(Number.isFinite)) return done(false, 0);
  const trialX = new Float64Array(n);
  const trialG = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(g) <= tolerance) return done(true, iteration);
    let d = times(h, g).map((v) => -v);
    if (dot(d, g) >= 0) {
      h = identity(n);
      d = g.map((v) => -v);
    }
    const slope0 = dot(d, g);
    // φ(t) = f(x + t·d), and φ'(t) = ∇f·d; the trial gradient is kept for the update.
    const phi = (t: number): Point => {
      for (let i = 0; i < n; i++) trialX[i] = x[i] + t * d[i];
      evaluations++;
      const ft = f(trialX, trialG);
      const ok = Number.isFinite(ft) && trialG.every(Number.isFinite);
      return { step: t, f: ok ? ft : Number.POSITIVE_INFINITY, slope: ok ? dot(trialG, d) : Number.NaN };
    };
    const accepted = lineSearch(phi, { step: 0, f: value, slope: slope0 }, Math.min(1, maxStep / maxAbs(d)));
    if (!accepted) {
      // No decrease along a descent direction: the gradient is at the noise floor of the sums.
      return done(maxAbs(g) <= 1e3 * tolerance, iteration);
    }
    // phi(accepted.step) was the last evaluation, so trialX / trialG hold that point.
    const s = trialX.map((v, i) => v - x[i]);
    const y = trialG.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    x = Float64Array.from(trialX);
    g = Float64Array.from(trialG);
    value = accepted.f;
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (!scaled) {
        h = identity(n, sy / dot(y, y));
        scaled = true;
      }
      h = update(h, s, y, sy);
    }
  }
  return done(maxAbs(g) <= tolerance, maxIterations);
}

/** Strong-Wolfe step along the direction, or null when none is found within the budget. */
function lineSearch(phi: (t: number) => Point, origin: Point, first: number): Point | null {
  const noise = NOISE * Math.abs(origin.f);
  let previous = origin;
  let t = first;
  for (let i = 0; i < 30; i++) {
    const p = phi(t);
    if (!Number.isFinite(p.f) || p.f > origin.f + C1 * t * origin.slope + noise || (i > 0 && p.f > previous.f + noise))
      return zoom(phi, origin, previous, p, noise);
    if (Math.abs(p.slope) <= -C2 * origin.slope) return p;
    if (p.slope >= 0) return zoom(phi, origin, p, previous, noise);
    previous = p;
    t *= 2;
  }
  return null;
}

function zoom(phi: (t: number) => Point, origin: Point, lo: Point, hi: Point, noise: number): Point | null {
  for (let i = 0; i < 40; i++) {
    const p = phi(interpolate(lo, hi));
    if (!Number.isFinite(p.f) || p.f > origin.f + C1 * p.step * origin.slope + noise || p.f > lo.f + noise) {
      hi = p;
    } else {
      if (Math.abs(p.slope) <= -C2 * origin.slope) return p;
      if (p.slope * (hi.step - lo.step) >= 0) hi = lo;
      lo = p;
    }
    if (Math.abs(hi.step - lo.step) < 1e-16 * Math.max(1, Math.abs(lo.step))) break;
  }
  // Out of budget: the best point seen still decreases f sufficiently, so take it.
  return lo.step > 0 && lo.f <= origin.f + noise ? phi(lo.step) : null;
}

function identity(n: number, scale = 1): Float64Array[] {
  return Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? scale : 0)));
}

function times(m: Float64Array[], v: Float64Array): Float64Array {
  return Float64Array.from(m, (row) => dot(row, v));
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / sᵀy. */
function update(h: Float64Array[], s: Float64Array, y: Float64Array, sy: number): Float64Array[] {
  const rho = 1 / sy;
  const hy = times(h, y);
  const yhy = dot(y, hy);
  return h.map((row, i) =>
    row.map((v, j) => v - rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]),
  );
}

/** Inverse of the symmetrised central-difference Hessian at x, or null if it is not positive definite. */
function differencedInverseHessian(f: Objective, x: Float64Array): number[] | null {
  const n = x.length;
  const hess = Array.from({ length: n }, () => new Float64Array(n));
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const step = 1e-5 * Math.max(1, Math.abs(x[j]));
    const at = Float64Array.from(x);
    at[j] = x[j] + step;
    f(at, up);
    at[j] = x[j] - step;
    f(at, down);
    for (let i = 0; i < n; i++) hess[i][j] = (up[i] - down[i]) / (2 * step);
  }
  // Gauss–Jordan on [H | I] with the symmetrised H; a non-positive pivot means not positive definite
  // (no pivoting is needed for a symmetric positive definite matrix).
  const a = hess.map((row, i) => [
    ...row.map((v, j) => (v + hess[j][i]) / 2),
    ...Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)),
  ]);
  for (let c = 0; c < n; c++) {
    const pivot = a[c][c];
    if (!(pivot > 0) || !Number.isFinite(pivot)) return null;
    for (let k = 0; k < 2 * n; k++) a[c][k] /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = a[r][c];
      for (let k = 0; k < 2 * n; k++) a[r][k] -= factor * a[c][k];
    }
  }
  const inverse = a.flatMap((row) => row.slice(n));
  return inverse.every(Number.isFinite) ? inverse : null;
}
