// BG/NBD (Fader, Hardie & Lee 2005): log-likelihood in the closed form with A1..A4, maximum-
// likelihood fit, and the per-customer conditional predictions (eqs. 10 and 13 of the paper).
import { fitOptions, minimiseBfgs, type FitControl } from "./bfgs";
import { bgnbdLikelihood } from "./bgnbd-likelihood";
import { hyp2f1 } from "./special";
import type { SummaryGroups } from "./summary";

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
  converged: boolean;
  evaluations: number;
  /** BFGS's inverse-Hessian approximation at the end (log-parameters, per customer). */
  inverseHessian: number[];
}

/** ℓ(params) summed over every customer (the fit's objective, without the gradient). */
export function bgnbdLogLikelihoodFn(groups: SummaryGroups): (p: BgNbdParams) => number {
  const ll = bgnbdLikelihood(groups);
  const gradient = new Float64Array(4);
  return (p) => ll(p, gradient);
}

const fromLog = (v: ArrayLike<number>): BgNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  a: Math.exp(v[2]),
  b: Math.exp(v[3]),
});

export type { FitControl };

/** Maximum likelihood by BFGS on log-parameters with the analytic gradient. */
export function fitBgNbd(groups: SummaryGroups, start?: BgNbdParams, control: FitControl = {}): BgNbdFit {
  const ll = bgnbdLikelihood(groups);
  let meanT = 0;
  let n = 0;
  for (let i = 0; i < groups.T.length; i++) {
    meanT += groups.T[i] * groups.weight[i];
    n += groups.weight[i];
  }
  const init = start ?? { r: 1, alpha: Math.max(meanT / Math.max(n, 1), 1e-3), a: 1, b: 1 };
  const scale = Math.max(n, 1);
  const g = new Float64Array(4);
  // −ℓ per customer, and its gradient in log-parameters (∂/∂ln θ = θ·∂/∂θ).
  const objective = (v: Float64Array, out: Float64Array) => {
    const p = fromLog(v);
    const value = -ll(p, g) / scale;
    out[0] = (-g[0] * p.r) / scale;
    out[1] = (-g[1] * p.alpha) / scale;
    out[2] = (-g[2] * p.a) / scale;
    out[3] = (-g[3] * p.b) / scale;
    return value;
  };
  const result = minimiseBfgs(
    objective,
    [Math.log(init.r), Math.log(init.alpha), Math.log(init.a), Math.log(init.b)],
    fitOptions(control),
  );
  const params = fromLog(result.x);
  return {
    params,
    logLikelihood: ll(params, g),
    converged: result.converged,
    evaluations: result.evaluations,
    inverseHessian: result.inverseHessian,
  };
}

/** P(alive | x, t_x, T). */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const ratio = ((p.alpha + T) / (p.alpha + tx)) ** (p.r + x);
  return 1 / (1 + (p.a / (p.b + x - 1)) * ratio);
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units. */
export function expectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const f = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * f);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 1;
  return numerator / denominator;
}
