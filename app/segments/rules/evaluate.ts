// In-memory membership of one customer, as of `now`. Must agree with compileSegmentSql (property-tested).
import { type CustomerFacts } from "./facts";
import {
  affinityLeaf,
  compareLeaf,
  consentLeaf,
  milestoneLeaf,
  relativeDateLeaf,
  returnedLeaf,
  tagLeaf,
} from "./leaves";
import { topLeaf } from "./top";
import { assertUnreachable, type SegmentRule } from "./types";

export function evaluateSegment(rule: SegmentRule, facts: CustomerFacts, now: Date): boolean {
  switch (rule.type) {
    case "all":
      return rule.rules.every((r) => evaluateSegment(r, facts, now));
    case "any":
      return rule.rules.some((r) => evaluateSegment(r, facts, now));
    case "not":
      return !evaluateSegment(rule.rule, facts, now);
    case "compare":
      return compareLeaf(rule, facts).matched;
    case "relativeDate":
      return relativeDateLeaf(rule, facts, now).matched;
    case "productAffinity":
      return affinityLeaf(rule, facts, now).matched;
    case "returned":
      return returnedLeaf(rule, facts, now).matched;
    case "milestone":
      return milestoneLeaf(rule, facts, now).matched;
    case "top":
      return topLeaf(rule, facts).matched;
    case "consent":
      return consentLeaf(rule, facts).matched;
    case "tag":
      return tagLeaf(rule, facts).matched;
    default:
      return assertUnreachable(rule);
  }
}
