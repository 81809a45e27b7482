// The segment rule tree: plain JSON, stored in Segment.definition and Campaign.definition.
// Product ids are decimal strings (Shopify numeric ids exceed 2^53); money is a decimal string or number.
// Each node's type is inferred from its zod schema (schema.ts): one source for shape and validation.

import type { z } from "zod";
import type { NODE_SCHEMAS } from "./schema";

export type RuleType = SegmentRule["type"];

/** A node as its schema in schema.ts accepts it (no transforms: input and output are the same). */
type Node<K extends keyof typeof NODE_SCHEMAS> = z.infer<(typeof NODE_SCHEMAS)[K]>;

// The schemas leave children unknown (validate.ts recurses with the path and bounds depth and
// size); the tree types put the rule type in their place. types.test.ts checks the rest is the
// schema's, key for key.
export type AllRule = Omit<Node<"all">, "rules"> & { rules: SegmentRule[] };
export type AnyRule = Omit<Node<"any">, "rules"> & { rules: SegmentRule[] };
export type NotRule = Omit<Node<"not">, "rule"> & { rule: SegmentRule };

/**
 * A profile or customer field against a value. eq/neq/gt/gte/lt/lte take `value`; `in` takes an array;
 * `between` takes [low, high] (inclusive); `isSet` takes none. Dates are ISO-8601 strings.
 */
export type CompareRule = Node<"compare">;

/**
 * A date field relative to `now` (1 day = 24 h):
 * withinLastDays N: now - N d < value <= now; atLeastDaysAgo N: value <= now - N d;
 * daysAgo N: now - value in [N d, N+1 d)  (the Nth day before now, pillars.md lifecycle).
 */
export type RelativeDateRule = Node<"relativeDate">;

/**
 * Some product (productId, or any single product when absent) bought in >= minOrders distinct counted
 * orders (app/profile/rules/counted-order.ts) processed in (now - withinDays, now] (or at/before now
 * when absent); requirePremium: that product has a ProductMapping with a premiumProductId.
 */
export type ProductAffinityRule = Node<"productAffinity">;

/**
 * A return line item for productId (any product when absent) with reasonHandle in reasons (any reason when
 * absent), created in (now - withinDays, now] (or at/before now); relaunchedSince: the product's
 * ProductMapping.relaunchedAt is after the return was created and at or before now.
 */
export type ReturnedRule = Node<"returned">;

/** A CustomerMilestone of kind with threshold >= minThreshold (any when absent), reachedAt in (now - withinDays, now]. */
export type MilestoneRule = Node<"milestone">;

/**
 * Among the shop's top `percent` % of customers by a measure, as ranked at the last whole-shop
 * recompute (ShopIntelligence.topCuts): "rfm" ranks R+F+M, ties by net spend; "predictedClv" the
 * predicted CLV. Customers without the measure (no order, no CLV) are not ranked and never match.
 */
export type TopRule = Node<"top">;

/** Customer.emailMarketing / smsMarketing state is one of states. */
export type ConsentRule = Node<"consent">;

/** Customer.tags contains any / all of tags (exact, case-sensitive as Shopify stores them). */
export type TagRule = Node<"tag">;

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

export type CompareOp = CompareRule["op"];
export type RelativeDateOp = RelativeDateRule["op"];
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export type ConsentChannel = ConsentRule["channel"];
export type TopMeasure = TopRule["by"];
export type Scalar = Exclude<NonNullable<CompareRule["value"]>, unknown[]>;

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
export const MILESTONE_KINDS = ["lifetime_spend", "order_count", "anniversary_years"] as const;
export const TOP_MEASURES = ["rfm", "predictedClv"] as const;
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
