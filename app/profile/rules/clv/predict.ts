// Per-customer predictions from fitted parameters. Time is in days throughout the app; a month is
// 365.25/12 days. The optional discount rate is annual and applied per month (mid-month cash flows
// are not modelled: each month's expected purchases are discounted at its end).
import { expectedPurchases, probabilityAlive, type BgNbdParams } from "./bgnbd";
import { expectedOrderValue, type GammaGammaParams } from "./gamma-gamma";

export const DAYS_PER_MONTH = 365.25 / 12;

/** The short horizon of Home's "predicted revenue, next 90 days" (predictedPurchases90d). */
export const NEXT_DAYS = 90;

export interface HorizonOptions {
  months: number;
  annualDiscountRate: number;
}

export const defaultHorizon: HorizonOptions = { months: 12, annualDiscountRate: 0 };

export interface Prediction {
  predictedPurchases: number;
  probabilityAlive: number;
  /** Expected purchases over the horizon, each month discounted; equals predictedPurchases at rate 0. */
  discountedPurchases: number;
}

export function predictPurchases(
  p: BgNbdParams,
  x: number,
  txDays: number,
  TDays: number,
  horizon: HorizonOptions = defaultHorizon,
): Prediction {
  const total = expectedPurchases(p, horizon.months * DAYS_PER_MONTH, x, txDays, TDays);
  let discounted = total;
  if (horizon.annualDiscountRate > 0) {
    const monthly = (1 + horizon.annualDiscountRate) ** (1 / 12) - 1;
    discounted = 0;
    let previous = 0;
    for (let m = 1; m <= horizon.months; m++) {
      const cumulative = expectedPurchases(p, m * DAYS_PER_MONTH, x, txDays, TDays);
      discounted += (cumulative - previous) / (1 + monthly) ** m;
      previous = cumulative;
    }
  }
  return {
    predictedPurchases: total,
    probabilityAlive: probabilityAlive(p, x, txDays, TDays),
    discountedPurchases: discounted,
  };
}

export function predictClv(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  s: { x: number; tx: number; T: number; zbar: number },
  horizon: HorizonOptions = defaultHorizon,
): Prediction & { expectedOrderValue: number; clv: number; purchases90d: number } {
  const purchases = predictPurchases(bg, s.x, s.tx, s.T, horizon);
  const value = expectedOrderValue(gg, s.x, s.zbar);
  return {
    ...purchases,
    expectedOrderValue: value,
    clv: purchases.discountedPurchases * value,
    purchases90d: expectedPurchases(bg, NEXT_DAYS, s.x, s.tx, s.T),
  };
}
