// One-line human description of a rule (explanations, previews). Children are described separately.
// Pass the shop's vocabulary (currency, product titles) so that money and products read as such.
import { countOf, formatCount, formatPercent } from "~/shared/format";
import { fieldSpec } from "./fields";
import { assertUnreachable, type CompareRule, type MilestoneKind, type SegmentRule } from "./types";
import { daysWords, fieldValueWords, moneyWords, productWords, stateWords, type Vocabulary } from "./words";

const OPS = { eq: "is", neq: "is not", gt: "more than", gte: "at least", lt: "less than", lte: "at most" } as const;
const DATE_OPS = {
  eq: "on",
  neq: "not on",
  gt: "after",
  gte: "on or after",
  lt: "before",
  lte: "on or before",
} as const;

function within(days: number | undefined): string {
  return days === undefined ? "ever" : `in the last ${daysWords(days)}`;
}

function fieldLabel(field: string): string {
  return fieldSpec(field)?.description ?? field;
}

function compareWords(rule: CompareRule, vocab: Vocabulary): string {
  const value = (v: unknown) => fieldValueWords(rule.field, v as string | number, vocab);
  const label = fieldLabel(rule.field);
  switch (rule.op) {
    case "isSet":
      return `${label} is known`;
    case "in":
      return `${label} is one of ${(rule.value as unknown[]).map(value).join(", ")}`;
    case "between": {
      const [low, high] = rule.value as unknown[];
      return `${label} between ${value(low)} and ${value(high)}`;
    }
    default: {
      const ops = fieldSpec(rule.field)?.kind === "date" ? DATE_OPS : OPS;
      return `${label} ${ops[rule.op]} ${value(rule.value)}`;
    }
  }
}

/** "a lifetime spend of $5,000", "10 orders", "2 years as a customer". */
export function milestoneWords(kind: MilestoneKind | string, threshold: string | number, vocab: Vocabulary): string {
  const n = Number(threshold);
  if (kind === "lifetime_spend") return `a lifetime spend of ${moneyWords(threshold, vocab)}`;
  if (kind === "order_count") return countOf(n, "order");
  if (kind === "anniversary_years") return `${countOf(n, "year")} as a customer`;
  return `${stateWords(kind)} ${formatCount(n)}`;
}

const MILESTONE_KIND_WORDS: Record<MilestoneKind, string> = {
  lifetime_spend: "a lifetime spend",
  order_count: "an order count",
  anniversary_years: "an anniversary",
};

export function describeRule(rule: SegmentRule, vocab: Vocabulary = {}): string {
  switch (rule.type) {
    case "all":
      return `all of ${countOf(rule.rules.length, "rule")}`;
    case "any":
      return `any of ${countOf(rule.rules.length, "rule")}`;
    case "not":
      return "none of these";
    case "compare":
      return compareWords(rule, vocab);
    case "relativeDate": {
      const label = fieldLabel(rule.field);
      if (rule.op === "withinLastDays") return `${label} in the last ${daysWords(rule.days)}`;
      if (rule.op === "atLeastDaysAgo") return `${label} at least ${daysWords(rule.days)} ago`;
      return `${label} exactly ${daysWords(rule.days)} ago`;
    }
    case "productAffinity":
      return `bought ${rule.productId ? productWords(rule.productId, vocab) : "the same product"} in at least ${countOf(rule.minOrders, "order")} ${within(rule.withinDays)}${rule.requirePremium ? " (it has a premium version)" : ""}`;
    case "returned":
      return `returned ${rule.productId ? productWords(rule.productId, vocab) : "a product"}${rule.reasons ? ` as ${rule.reasons.map(stateWords).join(", ")}` : ""} ${within(rule.withinDays)}${rule.relaunchedSince ? ", relaunched since" : ""}`;
    case "milestone":
      return rule.minThreshold !== undefined
        ? `reached ${milestoneWords(rule.kind, rule.minThreshold, vocab)} or more ${within(rule.withinDays)}`
        : `reached ${MILESTONE_KIND_WORDS[rule.kind]} milestone ${within(rule.withinDays)}`;
    case "top":
      return `in the top ${formatPercent(rule.percent / 100)} of customers by ${rule.by === "rfm" ? "RFM score" : "predicted CLV"}`;
    case "consent":
      return `${rule.channel === "email" ? "email" : "SMS"} marketing ${rule.states.map(stateWords).join(" or ")}`;
    case "tag":
      return `tagged ${rule.match === "any" ? "any" : "all"} of ${rule.tags.join(", ")}`;
    default:
      return assertUnreachable(rule);
  }
}
