// Gamma-Gamma model of monetary value (Fader & Hardie 2013): likelihood over customers with
// repeat purchases, maximum-likelihood fit, and the conditional expected order value.
import { minimise } from "./nelder-mead";
import { lnGamma } from "./special";
import type { FitControl } from "./bgnbd";
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
}

export function gammaGammaLogLikelihoodFn(data: MonetaryData): (params: GammaGammaParams) => number {
  // lnΓ(px + q) − lnΓ(px) + px·ln x depends on x alone: evaluate it once per distinct x.
  const { values, of } = distinctValues(data.x);
  const perX = new Float64Array(values.length);
  const logZ = Float64Array.from(data.zbar, Math.log);
  return ({ p, q, gamma }) => {
    for (let k = 0; k < values.length; k++) {
      const px = p * values[k];
      perX[k] = lnGamma(px + q) - lnGamma(px) + px * Math.log(values[k]);
    }
    const shared = -lnGamma(q) + q * Math.log(gamma);
    let total = 0;
    for (let i = 0; i < data.x.length; i++) {
      const x = data.x[i];
      const px = p * x;
      total +=
        data.weight[i] * (perX[of[i]] + shared + (px - 1) * logZ[i] - (px + q) * Math.log(gamma + x * data.zbar[i]));
    }
    return total;
  };
}

const fromLog = (v: number[]): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });

export function fitGammaGamma(data: MonetaryData, start?: GammaGammaParams, control: FitControl = {}): GammaGammaFit {
  const ll = gammaGammaLogLikelihoodFn(data);
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
  const result = minimise((v) => -ll(fromLog(v)) / Math.max(n, 1), init, {
    tolerance: control.tolerance ?? 1e-13,
    maxEvaluations: 3000,
    step: control.step,
    maxRestarts: control.maxRestarts,
    xTolerance: control.xTolerance,
  });
  const params = fromLog(result.x);
  return { params, logLikelihood: ll(params), converged: result.converged, evaluations: result.evaluations };
}

/** E[M | x, zbar]: a weighted mean of the population mean p·γ/(q−1) and the customer's own mean. */
export function expectedOrderValue(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  if (x <= 0 || zbar <= 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * zbar)) / (p * x + q - 1);
}
