// Everything known about one customer, from their own rows plus the shop's current quintile cut
// points and CLV model: the single-customer path (webhooks) and the reference the set-based SQL
// recompute is tested against.
import type { ClvModelParams } from "~/profile/rules/clv/fit";
import { predictClv, type HorizonOptions } from "~/profile/rules/clv/predict";
import { affinity, type Affinity } from "./affinity";
import type { MetricsConfig } from "./config";
import { consent, orderProfile, returnSummary, type Consent, type OrderProfile, type ReturnSummary } from "./profile";
import { countedOrders, type LineItemFact, type OrderFact, type ReturnLineFact } from "./facts";
import { lifecycleStage, type LifecycleStage } from "./lifecycle";
import { milestones, type Milestone } from "./milestones";
import { moneyToNumber } from "./money";
import { occasionSummary, purchaseOccasions, type PurchaseOccasions } from "./occasions";
import { scoreFromCuts, type Cuts } from "./rfm";

export interface ShopModel {
  cuts: { r: Cuts; f: Cuts; m: Cuts } | null;
  clv: ClvModelParams | null;
  horizon: HorizonOptions;
  /** The shop's timezone (calendarTimeZone): purchase days are its calendar days. */
  timeZone: string;
}

export interface CustomerFacts {
  orders: OrderFact[];
  /** Line items of this customer's counted orders. */
  lines: LineItemFact[];
  returns: ReturnLineFact[];
  emailMarketing: string;
  smsMarketing: string;
}

export interface ClvPrediction {
  predictedPurchases: number;
  /** Expected orders in the next 90 days. */
  predictedPurchases90d: number;
  probabilityAlive: number;
  expectedOrderValue: number;
  predictedClv: number;
}

export interface CustomerIntelligence {
  profile: OrderProfile;
  /** The CLV model's inputs: purchase days, not orders (occasions.ts). */
  occasions: PurchaseOccasions;
  returns: ReturnSummary;
  consent: Consent;
  scores: { r: number; f: number; m: number } | null;
  stage: LifecycleStage;
  milestones: Milestone[];
  affinity: Affinity;
  clv: ClvPrediction | null;
}

export function customerIntelligence(
  facts: CustomerFacts,
  asOf: Date,
  model: ShopModel,
  config: MetricsConfig,
): CustomerIntelligence {
  const profile = orderProfile(facts.orders, asOf);
  const scores =
    profile.orderCount > 0 && profile.lastOrderAt && model.cuts
      ? {
          r: scoreFromCuts(profile.lastOrderAt.getTime(), model.cuts.r),
          f: scoreFromCuts(profile.orderCount, model.cuts.f),
          m: scoreFromCuts(moneyToNumber(profile.netSpend), model.cuts.m),
        }
      : null;
  const occasions = purchaseOccasions(countedOrders(facts.orders, asOf), model.timeZone);
  const summary = occasionSummary(occasions, profile.netSpend, asOf, model.timeZone);
  let clv: ClvPrediction | null = null;
  if (summary && model.clv) {
    const p = predictClv(model.clv.bgnbd, model.clv.gammaGamma, summary, model.horizon);
    clv = {
      predictedPurchases: p.predictedPurchases,
      predictedPurchases90d: p.purchases90d,
      probabilityAlive: p.probabilityAlive,
      expectedOrderValue: p.expectedOrderValue,
      predictedClv: p.clv,
    };
  }
  return {
    profile,
    occasions,
    returns: returnSummary(facts.returns),
    consent: consent(facts.emailMarketing, facts.smsMarketing),
    scores,
    stage: lifecycleStage({ ...profile, fScore: scores?.f ?? null, mScore: scores?.m ?? null }, config.lifecycle),
    milestones: milestones(facts.orders, asOf, config.milestones),
    affinity: affinity(facts.lines, asOf, config.affinityWindows),
    clv,
  };
}
