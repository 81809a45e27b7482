// Gamma-Gamma model of monetary value (Fader & Hardie 2013): likelihood over customers with
// repeat purchases, maximum-likelihood fit, and the conditional expected order value.
import { fitOptions, minimiseBfgs, type FitControl } from "./bfgs";
import { digamma, lnGamma } from "./special";
import { distinctValues, type MonetaryData } from "./summary";

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  converged: boolean;
  evaluations: number;
  inverseHessian: number[];
}

/** Writes ∂ℓ/∂(p, q, γ) into `gradient` and returns ℓ, summed over every repeat customer. */
export type GammaGammaLikelihood = (params: GammaGammaParams, gradient: Float64Array) => number;

/**
 * Per customer (Fader & Hardie 2013): ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + px·ln x
 * + (px−1)·ln z̄ − (px+q)·ln(γ + x·z̄). Only the last term mixes a parameter with the customer's own
 * z̄, and only through γ: per customer one log and one reciprocal of γ + x·z̄, summed per distinct x;
 * everything else comes from per-x sufficient statistics (customer count, Σ ln z̄) and per-x lnΓ/ψ.
 */
export function gammaGammaLikelihood(data: MonetaryData): GammaGammaLikelihood {
  const xs = distinctValues(data.x);
  const nx = xs.values.length;
  const n = data.x.length;
  const weightOfX = new Float64Array(nx);
  const sumLogZ = new Float64Array(nx);
  const u = new Float64Array(n); // x·z̄
  for (let i = 0; i < n; i++) {
    const k = xs.of[i];
    weightOfX[k] += data.weight[i];
    sumLogZ[k] += data.weight[i] * Math.log(data.zbar[i]);
    u[i] = data.x[i] * data.zbar[i];
  }
  const logX = xs.values.map(Math.log);
  const sumLog = new Float64Array(nx); // Σ w·ln(γ + x·z̄) per x
  const sumInv = new Float64Array(nx); // Σ w/(γ + x·z̄) per x
  const { weight } = data;
  const of = xs.of;
  return ({ p, q, gamma }, gradient) => {
    sumLog.fill(0);
    sumInv.fill(0);
    for (let i = 0; i < n; i++) {
      const v = gamma + u[i];
      const k = of[i];
      sumLog[k] += weight[i] * Math.log(v);
      sumInv[k] += weight[i] / v;
    }
    const logGamma = Math.log(gamma);
    const lnGammaQ = lnGamma(q);
    const psiQ = digamma(q);
    let total = 0;
    let dp = 0;
    let dq = 0;
    let dGamma = 0;
    for (let k = 0; k < nx; k++) {
      const x = xs.values[k];
      const W = weightOfX[k];
      const px = p * x;
      const psiPxQ = digamma(px + q);
      total +=
        W * (lnGamma(px + q) - lnGamma(px) - lnGammaQ + q * logGamma + px * logX[k]) +
        (px - 1) * sumLogZ[k] -
        (px + q) * sumLog[k];
      dp += x * (W * (psiPxQ - digamma(px) + logX[k]) + sumLogZ[k] - sumLog[k]);
      dq += W * (psiPxQ - psiQ + logGamma) - sumLog[k];
      dGamma += (W * q) / gamma - (px + q) * sumInv[k];
    }
    gradient[0] = dp;
    gradient[1] = dq;
    gradient[2] = dGamma;
    return total;
  };
}

/** ℓ(params) summed over every repeat customer (the fit's objective, without the gradient). */
export function gammaGammaLogLikelihoodFn(data: MonetaryData): (params: GammaGammaParams) => number {
  const ll = gammaGammaLikelihood(data);
  const gradient = new Float64Array(3);
  return (params) => ll(params, gradient);
}

const fromLog = (v: ArrayLike<number>): GammaGammaParams => ({
  p: Math.exp(v[0]),
  q: Math.exp(v[1]),
  gamma: Math.exp(v[2]),
});

/** Maximum likelihood by BFGS on log-parameters with the analytic gradient. */
export function fitGammaGamma(data: MonetaryData, start?: GammaGammaParams, control: FitControl = {}): GammaGammaFit {
  const ll = gammaGammaLikelihood(data);
  let n = 0;
  let mean = 0;
  for (let i = 0; i < data.zbar.length; i++) {
    n += data.weight[i];
    mean += data.weight[i] * data.zbar[i];
  }
  mean /= Math.max(n, 1);
  const init = start
    ? [Math.log(start.p), Math.log(start.q), Math.log(start.gamma)]
    : [Math.log(1), Math.log(2), Math.log(Math.max(mean, 1e-3))];
  const scale = Math.max(n, 1);
  const g = new Float64Array(3);
  const objective = (v: Float64Array, out: Float64Array) => {
    const params = fromLog(v);
    const value = -ll(params, g) / scale;
    out[0] = (-g[0] * params.p) / scale;
    out[1] = (-g[1] * params.q) / scale;
    out[2] = (-g[2] * params.gamma) / scale;
    return value;
  };
  const result = minimiseBfgs(objective, init, fitOptions(control));
  const params = fromLog(result.x);
  return {
    params,
    logLikelihood: ll(params, g),
    converged: result.converged,
    evaluations: result.evaluations,
    inverseHessian: result.inverseHessian,
  };
}

/** E[M | x, zbar]: a weighted mean of the population mean p·γ/(q−1) and the customer's own mean. */
export function expectedOrderValue(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  if (x <= 0 || zbar <= 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}
