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
import { leafValueWords } from "./explain-words";
import { topLeaf } from "./top";
import { assertUnreachable, type RuleType, type SegmentRule } from "./types";
import { type Vocabulary } from "./words";

export interface Explanation {
  /** Same path syntax as validation errors: "" root, "rules[1].rule". */
  path: string;
  type: RuleType;
  label?: string;
  /** The rule in words, e.g. "Net spend (after refunds) at least $5,000". */
  rule: string;
  matched: boolean;
  /** Leaves only: the value(s) that decided it (JSON-friendly; dates as ISO strings), for templates. */
  actual?: unknown;
  /** Leaves only: that value in words ("$4,200.50", "Feb 1, 2025", "“Merino Beanie” in 3 orders"), for people. */
  value?: string;
  children?: Explanation[];
}

function jsonFriendly(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** `vocab`: the shop's currency and product titles, so that the words read as the merchant expects. */
export function explainSegment(
  rule: SegmentRule,
  facts: CustomerFacts,
  now: Date,
  vocab: Vocabulary = {},
): Explanation {
  return explainAt(rule, facts, now, vocab, "");
}

function explainAt(rule: SegmentRule, facts: CustomerFacts, now: Date, vocab: Vocabulary, path: string): Explanation {
  const base = {
    path,
    type: rule.type,
    rule: describeRule(rule, vocab),
    ...(rule.label !== undefined ? { label: rule.label } : {}),
  };
  const leaf = (result: LeafResult): Explanation => ({
    ...base,
    matched: result.matched,
    actual: jsonFriendly(result.actual),
    value: leafValueWords(rule as Parameters<typeof leafValueWords>[0], result, vocab),
  });
  const child = (r: SegmentRule, i: number): Explanation =>
    explainAt(r, facts, now, vocab, `${path}${path ? "." : ""}rules[${i}]`);
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
      const inner = explainAt(rule.rule, facts, now, vocab, `${path}${path ? "." : ""}rule`);
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
    case "top":
      return leaf(topLeaf(rule, facts));
    case "consent":
      return leaf(consentLeaf(rule, facts));
    case "tag":
      return leaf(tagLeaf(rule, facts));
    default:
      return assertUnreachable(rule);
  }
}

/** An explanation for people: the words only (no raw values), as screens send it to the browser. */
export interface ExplanationText {
  path: string;
  matched: boolean;
  /** The label when the rule has one, else the rule in words. */
  text: string;
  /** Leaves: the deciding value in words. */
  value?: string;
  children?: ExplanationText[];
}

export function explanationText(e: Explanation): ExplanationText {
  return {
    path: e.path,
    matched: e.matched,
    text: e.label ?? e.rule,
    ...(e.value !== undefined ? { value: e.value } : {}),
    ...(e.children ? { children: e.children.map(explanationText) } : {}),
  };
}
