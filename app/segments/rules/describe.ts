// One-line human description of a rule (explanations, previews). Children are described separately.
import { assertUnreachable, type SegmentRule } from "./types";
import { countOf } from "~/shared/format";

const OPS = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" } as const;

function within(days: number | undefined): string {
  return days === undefined ? "ever" : `in the last ${countOf(days, "day")}`;
}

export function describeRule(rule: SegmentRule): string {
  switch (rule.type) {
    case "all":
      return `all of ${rule.rules.length} rules`;
    case "any":
      return `any of ${rule.rules.length} rules`;
    case "not":
      return "not";
    case "compare":
      if (rule.op === "isSet") return `${rule.field} is set`;
      if (rule.op === "in") return `${rule.field} in [${(rule.value as unknown[]).join(", ")}]`;
      if (rule.op === "between") return `${rule.field} between ${(rule.value as unknown[]).join(" and ")}`;
      return `${rule.field} ${OPS[rule.op]} ${String(rule.value)}`;
    case "relativeDate":
      if (rule.op === "withinLastDays") return `${rule.field} within the last ${countOf(rule.days, "day")}`;
      if (rule.op === "atLeastDaysAgo") return `${rule.field} at least ${countOf(rule.days, "day")} ago`;
      return `${rule.field} exactly ${countOf(rule.days, "day")} ago`;
    case "productAffinity":
      return `bought ${rule.productId ? `product ${rule.productId}` : "the same product"} in ≥ ${countOf(rule.minOrders, "order")} ${within(rule.withinDays)}${rule.requirePremium ? " (product has a premium version)" : ""}`;
    case "returned":
      return `returned ${rule.productId ? `product ${rule.productId}` : "a product"}${rule.reasons ? ` for ${rule.reasons.join("/")}` : ""} ${within(rule.withinDays)}${rule.relaunchedSince ? ", relaunched since" : ""}`;
    case "milestone":
      return `milestone ${rule.kind}${rule.minThreshold !== undefined ? ` ≥ ${rule.minThreshold}` : ""} reached ${within(rule.withinDays)}`;
    case "consent":
      return `${rule.channel} marketing ${rule.states.join("/")}`;
    case "tag":
      return `tagged ${rule.match} of ${rule.tags.join(", ")}`;
    default:
      return assertUnreachable(rule);
  }
}
