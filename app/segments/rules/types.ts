// The segment rule tree: plain JSON, stored in Segment.definition and Campaign.definition.
// Product ids are decimal strings (Shopify numeric ids exceed 2^53); money is a decimal string or number.

export type RuleType = SegmentRule["type"];

export type CompareOp = "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "in" | "between" | "isSet";
export type RelativeDateOp = "withinLastDays" | "atLeastDaysAgo" | "daysAgo";
export type MilestoneKind = "lifetime_spend" | "order_count" | "anniversary_years";
export type ConsentChannel = "email" | "sms";
export type TopMeasure = "rfm" | "predictedClv";
export type Scalar = string | number;

interface Labelled {
  /** Optional merchant-facing name, shown in errors and explanations. */
  label?: string;
}

export interface AllRule extends Labelled {
  type: "all";
  rules: SegmentRule[];
}
export interface AnyRule extends Labelled {
  type: "any";
  rules: SegmentRule[];
}
export interface NotRule extends Labelled {
  type: "not";
  rule: SegmentRule;
}

/**
 * A profile or customer field against a value. eq/neq/gt/gte/lt/lte take `value`; `in` takes an array;
 * `between` takes [low, high] (inclusive); `isSet` takes none. Dates are ISO-8601 strings.
 */
export interface CompareRule extends Labelled {
  type: "compare";
  field: string;
  op: CompareOp;
  value?: Scalar | Scalar[];
}

/**
 * A date field relative to `now` (1 day = 24 h):
 * withinLastDays N: now - N d < value <= now; atLeastDaysAgo N: value <= now - N d;
 * daysAgo N: now - value in [N d, N+1 d)  (the Nth day before now, pillars.md lifecycle).
 */
export interface RelativeDateRule extends Labelled {
  type: "relativeDate";
  field: string;
  op: RelativeDateOp;
  days: number;
}

/**
 * Some product (productId, or any single product when absent) bought in >= minOrders distinct counted
 * orders (not cancelled, not test) processed in (now - withinDays, now] (or at/before now when absent);
 * requirePremium: that product has a ProductMapping with a premiumProductId.
 */
export interface ProductAffinityRule extends Labelled {
  type: "productAffinity";
  productId?: string;
  minOrders: number;
  withinDays?: number;
  requirePremium?: boolean;
}

/**
 * A return line item for productId (any product when absent) with reasonHandle in reasons (any reason when
 * absent), created in (now - withinDays, now] (or at/before now); relaunchedSince: the product's
 * ProductMapping.relaunchedAt is after the return was created and at or before now.
 */
export interface ReturnedRule extends Labelled {
  type: "returned";
  productId?: string;
  reasons?: string[];
  withinDays?: number;
  relaunchedSince?: boolean;
}

/** A CustomerMilestone of kind with threshold >= minThreshold (any when absent), reachedAt in (now - withinDays, now]. */
export interface MilestoneRule extends Labelled {
  type: "milestone";
  kind: MilestoneKind;
  minThreshold?: number | string;
  withinDays?: number;
}

/**
 * Among the shop's top `percent` % of customers by a measure, as ranked at the last whole-shop
 * recompute (ShopIntelligence.topCuts): "rfm" ranks R+F+M, ties by net spend; "predictedClv" the
 * predicted CLV. Customers without the measure (no order, no CLV) are not ranked and never match.
 */
export interface TopRule extends Labelled {
  type: "top";
  by: TopMeasure;
  /** Whole percent, 1–50. */
  percent: number;
}

/** Customer.emailMarketing / smsMarketing state is one of states. */
export interface ConsentRule extends Labelled {
  type: "consent";
  channel: ConsentChannel;
  states: string[];
}

/** Customer.tags contains any / all of tags (exact, case-sensitive as Shopify stores them). */
export interface TagRule extends Labelled {
  type: "tag";
  match: "any" | "all";
  tags: string[];
}

export type SegmentRule =
  | AllRule
  | AnyRule
  | NotRule
  | CompareRule
  | RelativeDateRule
  | ProductAffinityRule
  | ReturnedRule
  | MilestoneRule
  | TopRule
  | ConsentRule
  | TagRule;

export const RULE_TYPES = [
  "all",
  "any",
  "not",
  "compare",
  "relativeDate",
  "productAffinity",
  "returned",
  "milestone",
  "top",
  "consent",
  "tag",
] as const satisfies readonly RuleType[];

export const EMAIL_MARKETING_STATES = [
  "NOT_SUBSCRIBED",
  "PENDING",
  "SUBSCRIBED",
  "UNSUBSCRIBED",
  "REDACTED",
  "INVALID",
] as const;
export const SMS_MARKETING_STATES = ["NOT_SUBSCRIBED", "PENDING", "SUBSCRIBED", "UNSUBSCRIBED", "REDACTED"] as const;
export const MILESTONE_KINDS = [
  "lifetime_spend",
  "order_count",
  "anniversary_years",
] as const satisfies readonly MilestoneKind[];
export const TOP_MEASURES = ["rfm", "predictedClv"] as const satisfies readonly TopMeasure[];
/** The largest percent a "top" rule may ask for (cuts are stored for 1..TOP_PERCENT_MAX). */
export const TOP_PERCENT_MAX = 50;
export const RETURN_REASON_HANDLES = [
  "size-too-small",
  "size-too-large",
  "defective",
  "not-as-described",
  "wrong-item",
  "unwanted",
  "style",
  "color",
  "other",
] as const;

export function assertUnreachable(value: never): never {
  throw new Error(`unhandled segment rule: ${JSON.stringify(value)}`);
}
