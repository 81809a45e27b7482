// BG/NBD (Fader, Hardie & Lee 2005): log-likelihood in the closed form with A1..A4, maximum-
// likelihood fit, and the per-customer conditional predictions (eqs. 10 and 13 of the paper).
import { minimise } from "./nelder-mead";
import { hyp2f1, lnGamma } from "./special";
import { distinctValues, type SummaryGroups } from "./summary";

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
}

export function bgnbdLogLikelihoodFn(groups: SummaryGroups): (p: BgNbdParams) => number {
  const { values, of } = distinctValues(groups.x);
  const head = new Float64Array(values.length); // A1 + A2 without the r·ln α term
  const logA4 = new Float64Array(values.length); // ln a − ln(b + x − 1)
  const { x, weight } = groups;
  // ln(α + T) and ln(α + t_x) once per distinct time, not once per group.
  const Ts = distinctValues(groups.T);
  const txs = distinctValues(groups.tx);
  const logT = new Float64Array(Ts.values.length);
  const logTx = new Float64Array(txs.values.length);
  return ({ r, alpha, a, b }) => {
    for (let k = 0; k < Ts.values.length; k++) logT[k] = Math.log(alpha + Ts.values[k]);
    for (let k = 0; k < txs.values.length; k++) logTx[k] = Math.log(alpha + txs.values[k]);
    const shared = lnGamma(a + b) - lnGamma(r) - lnGamma(b) + r * Math.log(alpha);
    for (let k = 0; k < values.length; k++) {
      const xv = values[k];
      head[k] = shared + lnGamma(r + xv) + lnGamma(b + xv) - lnGamma(a + b + xv);
      logA4[k] = xv > 0 ? Math.log(a) - Math.log(b + xv - 1) : Number.NEGATIVE_INFINITY;
    }
    let total = 0;
    for (let i = 0; i < x.length; i++) {
      const k = of[i];
      const rx = r + x[i];
      const a3 = -rx * logT[Ts.of[i]];
      let term = a3;
      if (x[i] > 0) {
        const a4 = logA4[k] - rx * logTx[txs.of[i]];
        // ln(e^A3 + e^A4) without overflow.
        term = a3 > a4 ? a3 + Math.log1p(Math.exp(a4 - a3)) : a4 + Math.log1p(Math.exp(a3 - a4));
      }
      total += weight[i] * (head[k] + term);
    }
    return total;
  };
}

const fromLog = (v: number[]): BgNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  a: Math.exp(v[2]),
  b: Math.exp(v[3]),
});

export interface FitControl {
  /** Initial simplex step on the log scale; small when polishing a good start. */
  step?: number;
  tolerance?: number;
  maxRestarts?: number;
  xTolerance?: number;
}

export function fitBgNbd(groups: SummaryGroups, start?: BgNbdParams, control: FitControl = {}): BgNbdFit {
  const ll = bgnbdLogLikelihoodFn(groups);
  let meanT = 0;
  let n = 0;
  for (let i = 0; i < groups.T.length; i++) {
    meanT += groups.T[i] * groups.weight[i];
    n += groups.weight[i];
  }
  const init = start ?? { r: 1, alpha: Math.max(meanT / Math.max(n, 1), 1e-3), a: 1, b: 1 };
  const scale = Math.max(n, 1);
  const result = minimise(
    (v) => -ll(fromLog(v)) / scale,
    [Math.log(init.r), Math.log(init.alpha), Math.log(init.a), Math.log(init.b)],
    {
      tolerance: control.tolerance ?? 1e-13,
      maxEvaluations: 4000,
      step: control.step,
      maxRestarts: control.maxRestarts,
      xTolerance: control.xTolerance,
    },
  );
  const params = fromLog(result.x);
  return { params, logLikelihood: ll(params), converged: result.converged, evaluations: result.evaluations };
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
