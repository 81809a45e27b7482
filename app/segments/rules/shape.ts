// Which tables a rule needs, so that the SQL can start from the narrowest universe.
import { fieldSpec } from "./fields";
import { assertUnreachable, type SegmentRule } from "./types";

/** True when the rule reads a Customer column (consent, tags, customer fields). */
export function readsCustomer(rule: SegmentRule): boolean {
  switch (rule.type) {
    case "all":
    case "any":
      return rule.rules.some(readsCustomer);
    case "not":
      return readsCustomer(rule.rule);
    case "compare":
    case "relativeDate":
      return fieldSpec(rule.field)?.source === "customer";
    case "consent":
    case "tag":
      return true;
    case "productAffinity":
    case "returned":
    case "milestone":
    case "top":
      return false;
    default:
      return assertUnreachable(rule);
  }
}

/**
 * True when the rule can only hold for a customer who has a CustomerProfile row: every comparison on a
 * profile field is false without one (even isSet), and only customers with a profile hold milestones,
 * so such a rule needs no universe beyond the profiles.
 */
export function needsProfile(rule: SegmentRule): boolean {
  switch (rule.type) {
    case "all":
      return rule.rules.some(needsProfile);
    case "any":
      return rule.rules.every(needsProfile);
    case "not":
      return false;
    case "compare":
    case "relativeDate":
      return fieldSpec(rule.field)?.source === "profile";
    // Milestones are written with the profile, by the same recompute or refresh, and deleted with it
    // (redaction, a customer gone): a milestone holder has a profile.
    case "top":
    case "milestone":
      return true;
    case "productAffinity":
    case "returned":
    case "consent":
    case "tag":
      return false;
    default:
      return assertUnreachable(rule);
  }
}
