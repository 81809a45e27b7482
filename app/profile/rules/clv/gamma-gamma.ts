// Gamma-Gamma model of monetary value (Fader & Hardie 2013): likelihood over customers with
// repeat purchases, maximum-likelihood fit, and the conditional expected order value.
import { fitOptions, minimiseBfgs, type FitControl } from "./bfgs";
import { digamma, lnGamma } from "./special";
import { tableIndex, type MonetaryData } from "./summary";

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
  const xs = tableIndex(data.x);
  const n = data.x.length;
  const present = xs.present;
  const nx = present.length;
  // Customers in order of x (a counting sort), so each x's sums run over a contiguous stretch.
  const from = new Int32Array(xs.size + 1);
  for (let i = 0; i < n; i++) from[xs.of[i] + 1]++;
  for (let k = 0; k < xs.size; k++) from[k + 1] += from[k];
  const fill = from.slice(0, xs.size);
  const u = new Float64Array(n); // x·z̄
  const weight = new Float64Array(n);
  const weightOfX = new Float64Array(nx);
  const sumLogZ = new Float64Array(nx);
  const xValue = new Float64Array(nx);
  const logX = new Float64Array(nx);
  const start = new Int32Array(nx + 1);
  for (let i = 0; i < n; i++) {
    const at = fill[xs.of[i]]++;
    u[at] = data.x[i] * data.zbar[i];
    weight[at] = data.weight[i];
  }
  for (let s = 0; s < nx; s++) {
    const k = present[s];
    xValue[s] = xs.keys[k];
    logX[s] = Math.log(xValue[s]);
    start[s] = from[k];
    start[s + 1] = from[k + 1];
  }
  const rank = new Int32Array(xs.size);
  for (let s = 0; s < nx; s++) rank[present[s]] = s;
  for (let i = 0; i < n; i++) {
    const s = rank[xs.of[i]];
    weightOfX[s] += data.weight[i];
    sumLogZ[s] += data.weight[i] * Math.log(data.zbar[i]);
  }
  return ({ p, q, gamma }, gradient) => {
    const logGamma = Math.log(gamma);
    const lnGammaQ = lnGamma(q);
    const psiQ = digamma(q);
    let total = 0;
    let dp = 0;
    let dq = 0;
    let dGamma = 0;
    for (let s = 0; s < nx; s++) {
      let sumLog = 0; // Σ w·ln(γ + x·z̄) over this x
      let sumInv = 0; // Σ w/(γ + x·z̄)
      for (let i = start[s]; i < start[s + 1]; i++) {
        const v = gamma + u[i];
        sumLog += weight[i] * Math.log(v);
        sumInv += weight[i] / v;
      }
      const x = xValue[s];
      const W = weightOfX[s];
      const px = p * x;
      const psiPxQ = digamma(px + q);
      total +=
        W * (lnGamma(px + q) - lnGamma(px) - lnGammaQ + q * logGamma + px * logX[s]) +
        (px - 1) * sumLogZ[s] -
        (px + q) * sumLog;
      dp += x * (W * (psiPxQ - digamma(px) + logX[s]) + sumLogZ[s] - sumLog);
      dq += W * (psiPxQ - psiQ + logGamma) - sumLog;
      dGamma += (W * q) / gamma - (px + q) * sumInv;
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
