// Fits both CLV models for a shop and decides whether the result is usable. A shop with too
// little data gets a typed "insufficient_data" status with a reason, never a silently wrong fit.
// Rule (docs/decisions/0021-clv-not-enough-data.md), thresholds configurable:
//  - fewer than minCustomers customers with an order            -> too_few_customers
//  - fewer than minRepeatCustomers customers with x > 0         -> too_little_repeat_history
//  - optimiser did not converge, or a parameter left [1e-4, 1e4] -> fit_failed / fit_at_bounds
//  - Gamma-Gamma q <= 1 (the expected order value is undefined)  -> monetary_fit_unusable
import type { BgNbdParams } from "./bgnbd";
import type { GammaGammaParams } from "./gamma-gamma";
import { sampleGroups } from "./sample";
import { fitBgNbdStaged, fitGammaGammaStaged } from "./staged";
import { totalWeight, type MonetaryData, type SummaryGroups } from "./summary";

export interface ClvFitOptions {
  minCustomers: number;
  minRepeatCustomers: number;
  /** Above this many distinct (x, t_x, T) groups the BG/NBD fit runs on a stratified sample. */
  maxGroups: number;
  /**
   * Larger inputs are first fitted on a small sample of this size (cheap evaluations, loose
   * tolerance), then polished on the working set from that start.
   */
  coarseSize: number;
}

export const defaultClvFitOptions: ClvFitOptions = {
  minCustomers: 200,
  minRepeatCustomers: 50,
  maxGroups: 30_000,
  coarseSize: 4_000,
};

export type InsufficientReason =
  "too_few_customers" | "too_little_repeat_history" | "fit_failed" | "fit_at_bounds" | "monetary_fit_unusable";

export interface ClvModelParams {
  bgnbd: BgNbdParams & { logLikelihood: number };
  gammaGamma: GammaGammaParams;
}

export type ClvFitResult =
  | { status: "ok"; params: ClvModelParams; customers: number; groupsFitted: number; sampled: boolean }
  | { status: "insufficient_data"; reason: InsufficientReason; detail: string; customers: number };

const LOWER = 1e-4;
const UPPER = 1e4;
const inBounds = (values: number[]) => values.every((v) => Number.isFinite(v) && v > LOWER && v < UPPER);

export function fitClv(
  groups: SummaryGroups,
  monetary: MonetaryData,
  options: ClvFitOptions = defaultClvFitOptions,
): ClvFitResult {
  const customers = Math.round(totalWeight(groups.weight));
  const repeat = Math.round(totalWeight(monetary.weight));
  const insufficient = (reason: InsufficientReason, detail: string): ClvFitResult => ({
    status: "insufficient_data",
    reason,
    detail,
    customers,
  });
  if (customers < options.minCustomers)
    return insufficient(
      "too_few_customers",
      `${customers} customers with an order; at least ${options.minCustomers} needed`,
    );
  if (repeat < options.minRepeatCustomers) {
    return insufficient(
      "too_little_repeat_history",
      `${repeat} repeat customers; at least ${options.minRepeatCustomers} needed`,
    );
  }
  const working = sampleGroups(groups, options.maxGroups);
  // A coarse fit that fails or runs off to a bound will not be rescued by polishing: stop early.
  const usable = (f: { converged: boolean; params: object }) => f.converged && inBounds(Object.values(f.params));
  const bg = fitBgNbdStaged(working, options.coarseSize, usable).fit;
  if (!bg.converged) return insufficient("fit_failed", "BG/NBD optimiser did not converge");
  const { r, alpha, a, b } = bg.params;
  if (!inBounds([r, alpha, a, b]))
    return insufficient("fit_at_bounds", `BG/NBD parameters at a bound: ${JSON.stringify(bg.params)}`);
  const gg = fitGammaGammaStaged(monetary, options.coarseSize, usable).fit;
  if (!gg.converged) return insufficient("fit_failed", "Gamma-Gamma optimiser did not converge");
  const { p, q, gamma } = gg.params;
  if (!inBounds([p, q, gamma]))
    return insufficient("fit_at_bounds", `Gamma-Gamma parameters at a bound: ${JSON.stringify(gg.params)}`);
  if (q <= 1)
    return insufficient(
      "monetary_fit_unusable",
      `Gamma-Gamma q = ${q.toFixed(3)} <= 1: expected order value undefined`,
    );
  return {
    status: "ok",
    params: { bgnbd: { ...bg.params, logLikelihood: bg.logLikelihood }, gammaGamma: gg.params },
    customers,
    groupsFitted: working.x.length,
    sampled: working !== groups,
  };
}
