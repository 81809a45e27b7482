// BG/NBD log-likelihood and its analytic gradient over (x, t_x, T) groups, for the quasi-Newton
// fit (docs/decisions/0185-clv-quasi-newton.md). Per customer (Fader, Hardie & Lee 2005, eq. 6):
//   ℓ = head(x) + ln(e^A3 + [x > 0]·e^A4),  A3 = −(r+x)·ln(α+T),  A4 = c(x) − (r+x)·ln(α+t_x),
//   head(x) = lnΓ(r+x) − lnΓ(r) + r·ln α + lnΓ(a+b) − lnΓ(b) + lnΓ(b+x) − lnΓ(a+b+x),
//   c(x) = ln a − ln(b+x−1).
// Everything that depends on x alone (the lnΓ/ψ terms, c) is evaluated once per distinct x, the
// logs and reciprocals of α + time once per distinct time, customers with x = 0 are summed per T,
// and each remaining group costs one exp and one log1p: ln(e^A3 + e^A4) = A4 + softplus(A3 − A4).
import { digamma, lnGamma } from "./special";
import { tableIndex, type SummaryGroups } from "./summary";
import type { BgNbdParams } from "./bgnbd";

/** Writes ∂ℓ/∂(r, α, a, b) into `gradient` and returns ℓ, summed over every customer. */
export type BgNbdLikelihood = (p: BgNbdParams, gradient: Float64Array) => number;

export function bgnbdLikelihood(groups: SummaryGroups): BgNbdLikelihood {
  const xs = tableIndex(groups.x);
  const times = tableIndex(groups.T, groups.tx);
  const n = groups.x.length;
  const weightOfX = new Float64Array(xs.size);
  const zeroPerT = new Float64Array(times.size);
  let m = 0;
  for (let i = 0; i < n; i++) if (groups.x[i] > 0) m++;
  const kOf = new Int32Array(m);
  const tOf = new Int32Array(m);
  const txOf = new Int32Array(m);
  const w = new Float64Array(m);
  const rxOffset = new Float64Array(m);
  for (let i = 0, j = 0; i < n; i++) {
    const k = xs.of[i];
    weightOfX[k] += groups.weight[i];
    if (groups.x[i] === 0) {
      zeroPerT[times.of[i]] += groups.weight[i];
      continue;
    }
    kOf[j] = k;
    tOf[j] = times.of[i];
    txOf[j] = times.of[n + i];
    w[j] = groups.weight[i];
    rxOffset[j] = groups.x[i];
    j++;
  }
  const xPresent = xs.present;
  const xKeys = xs.keys;
  const tPresent = times.present;
  const tKeys = times.keys;
  const zeroT = tPresent.filter((t) => zeroPerT[t] !== 0);
  const logAt = new Float64Array(times.size);
  const invAt = new Float64Array(times.size);
  const c = new Float64Array(xs.size);
  const weightNotA4 = new Float64Array(xs.size); // Σ w·(1 − σ) per x: the weight of the A4 branch
  return ({ r, alpha, a, b }, gradient) => {
    for (let s = 0; s < tPresent.length; s++) {
      const t = tPresent[s];
      const v = alpha + tKeys[t];
      logAt[t] = Math.log(v);
      invAt[t] = 1 / v;
    }
    const logAlpha = Math.log(alpha);
    const lnA = Math.log(a);
    const shared = lnGamma(a + b) - lnGamma(r) - lnGamma(b) + r * logAlpha;
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    let total = 0;
    let dr = 0;
    let dAlpha = 0;
    let da = 0;
    let db = 0;
    for (let s = 0; s < xPresent.length; s++) {
      const k = xPresent[s];
      const x = xKeys[k];
      const W = weightOfX[k];
      total += W * (shared + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x));
      dr += W * (digamma(r + x) - psiR + logAlpha);
      dAlpha += (W * r) / alpha;
      const psiABx = digamma(a + b + x);
      da += W * (psiAB - psiABx);
      db += W * (psiAB - psiB + digamma(b + x) - psiABx);
      c[k] = x > 0 ? lnA - Math.log(b + x - 1) : 0;
      weightNotA4[k] = 0;
    }
    for (let s = 0; s < zeroT.length; s++) {
      const t = zeroT[s];
      const W = zeroPerT[t];
      total -= W * r * logAt[t];
      dr -= W * logAt[t];
      dAlpha -= W * r * invAt[t];
    }
    for (let j = 0; j < m; j++) {
      const k = kOf[j];
      const ck = c[k];
      const rx = r + rxOffset[j];
      const t = tOf[j];
      const u = txOf[j];
      const ltx = logAt[u];
      const span = logAt[t] - ltx;
      const d = -rx * span - ck; // A3 − A4
      // softplus(d) = ln(1 + e^d) and σ(d) = e^d / (1 + e^d), the A3 branch's share, from one exp.
      const e = Math.exp(-Math.abs(d));
      const softplus = (d > 0 ? d : 0) + Math.log1p(e);
      const sigma = d > 0 ? 1 / (1 + e) : e / (1 + e);
      const wj = w[j];
      total += wj * (ck - rx * ltx + softplus);
      dr -= wj * (ltx + sigma * span);
      const itx = invAt[u];
      dAlpha -= wj * rx * (itx + sigma * (invAt[t] - itx));
      weightNotA4[k] += wj * (1 - sigma);
    }
    for (let s = 0; s < xPresent.length; s++) {
      const k = xPresent[s];
      const x = xKeys[k];
      if (x === 0) continue;
      da += weightNotA4[k] / a;
      db -= weightNotA4[k] / (b + x - 1);
    }
    gradient[0] = dr;
    gradient[1] = dAlpha;
    gradient[2] = da;
    gradient[3] = db;
    return total;
  };
}
