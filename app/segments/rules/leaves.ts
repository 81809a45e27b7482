// In-memory truth of each leaf rule for one customer, with the values that decided it.
import { compareScalars } from "./compare-values";
import { compareDecimal, toDecimalString } from "./decimal";
import { type CustomerFacts, type FieldValue } from "./facts";
import { fieldSpec } from "./fields";
import { inWindow, lookback, relativeWindow } from "./time";
import {
  type CompareRule,
  type ConsentRule,
  type MilestoneRule,
  type ProductAffinityRule,
  type RelativeDateRule,
  type ReturnedRule,
  type Scalar,
  type TagRule,
} from "./types";
import { isCountedOrder } from "~/profile/rules/counted-order";

export interface LeafResult {
  matched: boolean;
  /** JSON-friendly evidence: the field value, the best product count, the matching returns... */
  actual: unknown;
}

function fieldValue(facts: CustomerFacts, field: string): FieldValue {
  return (facts.fields as Record<string, FieldValue | undefined>)[field] ?? null;
}

function normaliseId(value: string | number): string {
  return BigInt(value).toString();
}

export function compareLeaf(rule: CompareRule, facts: CustomerFacts): LeafResult {
  const spec = fieldSpec(rule.field)!;
  const actual = fieldValue(facts, rule.field);
  if (rule.op === "isSet") return { matched: actual !== null, actual };
  if (actual === null) return { matched: false, actual };
  const cmp = (v: Scalar): number =>
    spec.kind === "id"
      ? normaliseId(actual as string) === normaliseId(v)
        ? 0
        : 1
      : compareScalars(spec.kind, actual, v);
  const value = rule.value!;
  const single = value as Scalar;
  switch (rule.op) {
    case "eq":
      return { matched: cmp(single) === 0, actual };
    case "neq":
      return { matched: cmp(single) !== 0, actual };
    case "gt":
      return { matched: cmp(single) > 0, actual };
    case "gte":
      return { matched: cmp(single) >= 0, actual };
    case "lt":
      return { matched: cmp(single) < 0, actual };
    case "lte":
      return { matched: cmp(single) <= 0, actual };
    case "in":
      return { matched: (value as Scalar[]).some((v) => cmp(v) === 0), actual };
    case "between": {
      const [low, high] = value as Scalar[];
      return { matched: cmp(low) >= 0 && cmp(high) <= 0, actual };
    }
  }
}

export function relativeDateLeaf(rule: RelativeDateRule, facts: CustomerFacts, now: Date): LeafResult {
  const actual = fieldValue(facts, rule.field);
  if (!(actual instanceof Date)) return { matched: false, actual };
  return { matched: inWindow(actual, relativeWindow(now, rule.op, rule.days)), actual };
}

export function affinityLeaf(rule: ProductAffinityRule, facts: CustomerFacts, now: Date): LeafResult {
  const window = lookback(now, rule.withinDays);
  const ordersByProduct = new Map<string, number>();
  for (const order of facts.orders) {
    if (!isCountedOrder(order) || !inWindow(order.processedAt, window)) continue;
    for (const productId of new Set(order.productIds))
      ordersByProduct.set(productId, (ordersByProduct.get(productId) ?? 0) + 1);
  }
  let best: { productId: string; orders: number; premiumProductId: string | null } | null = null;
  for (const [productId, orders] of ordersByProduct) {
    if (rule.productId !== undefined && normaliseId(productId) !== normaliseId(rule.productId)) continue;
    const premiumProductId = facts.mappings[productId]?.premiumProductId ?? null;
    if (rule.requirePremium && premiumProductId === null) continue;
    if (!best || orders > best.orders || (orders === best.orders && productId < best.productId))
      best = { productId, orders, premiumProductId };
  }
  return { matched: best !== null && best.orders >= rule.minOrders, actual: best };
}

export function returnedLeaf(rule: ReturnedRule, facts: CustomerFacts, now: Date): LeafResult {
  const window = lookback(now, rule.withinDays);
  const matches = facts.returns.filter((line) => {
    if (!inWindow(line.createdAt, window)) return false;
    if (
      rule.productId !== undefined &&
      (line.productId === null || normaliseId(line.productId) !== normaliseId(rule.productId))
    )
      return false;
    if (rule.reasons && (line.reasonHandle === null || !(rule.reasons as string[]).includes(line.reasonHandle)))
      return false;
    if (!rule.relaunchedSince) return true;
    const relaunchedAt = line.productId === null ? null : (facts.mappings[line.productId]?.relaunchedAt ?? null);
    return (
      relaunchedAt !== null &&
      relaunchedAt.getTime() > line.createdAt.getTime() &&
      relaunchedAt.getTime() <= now.getTime()
    );
  });
  return {
    matched: matches.length > 0,
    actual: matches.map((m) => ({
      productId: m.productId,
      reasonHandle: m.reasonHandle,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

export function milestoneLeaf(rule: MilestoneRule, facts: CustomerFacts, now: Date): LeafResult {
  const window = lookback(now, rule.withinDays);
  const min = rule.minThreshold === undefined ? null : toDecimalString(rule.minThreshold);
  const matches = facts.milestones.filter(
    (m) =>
      m.kind === rule.kind &&
      inWindow(m.reachedAt, window) &&
      (min === null || compareDecimal(toDecimalString(m.threshold), min) >= 0),
  );
  return {
    matched: matches.length > 0,
    actual: matches.map((m) => ({ threshold: m.threshold, reachedAt: m.reachedAt.toISOString() })),
  };
}

export function consentLeaf(rule: ConsentRule, facts: CustomerFacts): LeafResult {
  const actual = fieldValue(facts, rule.channel === "email" ? "emailMarketing" : "smsMarketing");
  return { matched: typeof actual === "string" && rule.states.includes(actual), actual };
}

export function tagLeaf(rule: TagRule, facts: CustomerFacts): LeafResult {
  const has = (tag: string): boolean => facts.tags.includes(tag);
  return { matched: rule.match === "any" ? rule.tags.some(has) : rule.tags.every(has), actual: facts.tags };
}
