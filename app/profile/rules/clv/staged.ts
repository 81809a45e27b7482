// Fits on many customers in two stages (docs/decisions/0185-clv-quasi-newton.md): BFGS to a loose
// tolerance on a sample of `sampleSize`, then BFGS on all the data from the sample's optimum with the
// sample's inverse Hessian. The objectives are per customer, so the sample's curvature is the full
// data's: the full fit then takes a handful of evaluations instead of dozens. Exact: the second
// stage runs to the full tolerance on every customer; the sample only chooses where it starts.
import { fitBgNbd, type BgNbdFit } from "./bgnbd";
import { fitGammaGamma, type GammaGammaFit } from "./gamma-gamma";
import { sampleGroups } from "./sample";
import type { MonetaryData, SummaryGroups } from "./summary";

export interface Staged<F> {
  /** The sample's fit, or null when the data were small enough to fit directly. */
  coarse: F | null;
  /** The fit on all the data, or the coarse fit when `keepGoing` rejected it (judge this one). */
  fit: F;
  /** False when the coarse fit was rejected and all the data were never fitted. */
  complete: boolean;
}

/** The sample's fit needs only to land near the optimum. */
const COARSE = { gradientTolerance: 1e-6, differencedCurvature: true };

export function everyNth(data: MonetaryData, size: number): MonetaryData {
  const stride = data.x.length / size;
  const pick = (column: Float64Array) => Float64Array.from({ length: size }, (_, k) => column[Math.floor(k * stride)]);
  return { x: pick(data.x), zbar: pick(data.zbar), weight: pick(data.weight) };
}

export function fitBgNbdStaged(
  groups: SummaryGroups,
  sampleSize: number,
  keepGoing: (coarse: BgNbdFit) => boolean = () => true,
): Staged<BgNbdFit> {
  if (groups.x.length <= sampleSize) return { coarse: null, fit: fitBgNbd(groups), complete: true };
  const coarse = fitBgNbd(sampleGroups(groups, sampleSize), undefined, COARSE);
  if (!keepGoing(coarse)) return { coarse, fit: coarse, complete: false };
  const fit = fitBgNbd(groups, coarse.params, { inverseHessian: coarse.inverseHessian });
  return { coarse, fit, complete: true };
}

export function fitGammaGammaStaged(
  data: MonetaryData,
  sampleSize: number,
  keepGoing: (coarse: GammaGammaFit) => boolean = () => true,
): Staged<GammaGammaFit> {
  if (data.x.length <= sampleSize) return { coarse: null, fit: fitGammaGamma(data), complete: true };
  const coarse = fitGammaGamma(everyNth(data, sampleSize), undefined, COARSE);
  if (!keepGoing(coarse)) return { coarse, fit: coarse, complete: false };
  const fit = fitGammaGamma(data, coarse.params, { inverseHessian: coarse.inverseHessian });
  return { coarse, fit, complete: true };
}
