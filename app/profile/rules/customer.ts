// Everything known about one customer, from their own rows plus the shop's current quintile cut
// points and CLV model: the single-customer path (webhooks) and the reference the set-based SQL
// recompute is tested against.
import type { ClvModelParams } from "~/profile/rules/clv/fit";
import { predictClv, type HorizonOptions } from "~/profile/rules/clv/predict";
import { affinity, type Affinity } from "./affinity";
import { DAY_MS, type MetricsConfig } from "./config";
import { consent, orderProfile, returnSummary, type Consent, type OrderProfile, type ReturnSummary } from "./profile";
import type { LineItemFact, OrderFact, ReturnLineFact } from "./facts";
import { lifecycleStage, type LifecycleStage } from "./lifecycle";
import { milestones, type Milestone } from "./milestones";
import { moneyToNumber } from "./money";
import { scoreFromCuts, type Cuts } from "./rfm";

export interface ShopModel {
  cuts: { r: Cuts; f: Cuts; m: Cuts } | null;
  clv: ClvModelParams | null;
  horizon: HorizonOptions;
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
  returns: ReturnSummary;
  consent: Consent;
  scores: { r: number; f: number; m: number } | null;
  stage: LifecycleStage;
  milestones: Milestone[];
  affinity: Affinity;
  clv: ClvPrediction | null;
}

/** The model's view of a customer, times in whole days (docs/decisions/0020). */
export function clvSummary(p: OrderProfile, asOf: Date): { x: number; tx: number; T: number; zbar: number } | null {
  if (p.orderCount === 0 || !p.firstOrderAt || !p.lastOrderAt) return null;
  const x = p.orderCount - 1;
  return {
    x,
    tx: Math.floor((p.lastOrderAt.getTime() - p.firstOrderAt.getTime()) / DAY_MS),
    T: Math.floor((asOf.getTime() - p.firstOrderAt.getTime()) / DAY_MS),
    zbar: x > 0 ? moneyToNumber(p.netSpend - p.firstOrderNet) / x : 0,
  };
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
  const summary = clvSummary(profile, asOf);
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
    returns: returnSummary(facts.returns),
    consent: consent(facts.emailMarketing, facts.smsMarketing),
    scores,
    stage: lifecycleStage({ ...profile, fScore: scores?.f ?? null, mScore: scores?.m ?? null }, config.lifecycle),
    milestones: milestones(facts.orders, asOf, config.milestones),
    affinity: affinity(facts.lines, asOf, config.affinityWindows),
    clv,
  };
}
