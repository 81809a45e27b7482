// Why a customer is or is not a member: every rule, whether it matched, and the values that decided it.
import { type CustomerFacts } from "./facts";
import {
  affinityLeaf,
  compareLeaf,
  consentLeaf,
  type LeafResult,
  milestoneLeaf,
  relativeDateLeaf,
  returnedLeaf,
  tagLeaf,
} from "./leaves";
import { describeRule } from "./describe";
import { assertUnreachable, type RuleType, type SegmentRule } from "./types";

export interface Explanation {
  /** Same path syntax as validation errors: "" root, "rules[1].rule". */
  path: string;
  type: RuleType;
  label?: string;
  /** Human-readable rule, e.g. "netSpend >= 5000". */
  rule: string;
  matched: boolean;
  /** Leaves only: the value(s) that decided it (JSON-friendly; dates as ISO strings). */
  actual?: unknown;
  children?: Explanation[];
}

function jsonFriendly(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

export function explainSegment(rule: SegmentRule, facts: CustomerFacts, now: Date, path = ""): Explanation {
  const base = {
    path,
    type: rule.type,
    rule: describeRule(rule),
    ...(rule.label !== undefined ? { label: rule.label } : {}),
  };
  const leaf = (result: LeafResult): Explanation => ({
    ...base,
    matched: result.matched,
    actual: jsonFriendly(result.actual),
  });
  const child = (r: SegmentRule, i: number): Explanation =>
    explainSegment(r, facts, now, `${path}${path ? "." : ""}rules[${i}]`);
  switch (rule.type) {
    case "all": {
      const children = rule.rules.map(child);
      return { ...base, matched: children.every((c) => c.matched), children };
    }
    case "any": {
      const children = rule.rules.map(child);
      return { ...base, matched: children.some((c) => c.matched), children };
    }
    case "not": {
      const inner = explainSegment(rule.rule, facts, now, `${path}${path ? "." : ""}rule`);
      return { ...base, matched: !inner.matched, children: [inner] };
    }
    case "compare":
      return leaf(compareLeaf(rule, facts));
    case "relativeDate":
      return leaf(relativeDateLeaf(rule, facts, now));
    case "productAffinity":
      return leaf(affinityLeaf(rule, facts, now));
    case "returned":
      return leaf(returnedLeaf(rule, facts, now));
    case "milestone":
      return leaf(milestoneLeaf(rule, facts, now));
    case "consent":
      return leaf(consentLeaf(rule, facts));
    case "tag":
      return leaf(tagLeaf(rule, facts));
    default:
      return assertUnreachable(rule);
  }
}
