// What each "Add rule" choice inserts, and the labels the builder shows for rule types and options.
import type { SegmentRule } from "~/segments/rules";

export const LEAF_CHOICES = [
  { value: "compare", label: "Customer or profile field" },
  { value: "relativeDate", label: "Date relative to today" },
  { value: "productAffinity", label: "Bought the same product repeatedly" },
  { value: "returned", label: "Returned a product" },
  { value: "milestone", label: "Reached a milestone" },
  { value: "top", label: "Top customers of the shop" },
  { value: "consent", label: "Marketing consent" },
  { value: "tag", label: "Customer tags" },
  { value: "all", label: "Group: all of" },
  { value: "any", label: "Group: any of" },
  { value: "not", label: "Group: none of" },
] as const;

export type AddableType = (typeof LEAF_CHOICES)[number]["value"];

export function newRule(type: AddableType): SegmentRule {
  switch (type) {
    case "compare":
      return { type, field: "netSpend", op: "gte", value: 100 };
    case "relativeDate":
      return { type, field: "lastOrderAt", op: "withinLastDays", days: 30 };
    case "productAffinity":
      return { type, minOrders: 3, withinDays: 90 };
    case "returned":
      return { type, withinDays: 90 };
    case "milestone":
      return { type, kind: "order_count", withinDays: 30 };
    case "top":
      return { type, by: "rfm", percent: 10 };
    case "consent":
      return { type, channel: "email", states: ["SUBSCRIBED"] };
    case "tag":
      return { type, match: "any", tags: ["VIP"] };
    case "all":
      return { type, rules: [newRule("compare")] };
    case "any":
      return { type, rules: [newRule("compare")] };
    case "not":
      return { type, rule: newRule("tag") };
  }
}

export const COMPARE_OPS = [
  { value: "eq", label: "is" },
  { value: "neq", label: "is not" },
  { value: "gt", label: "more than" },
  { value: "gte", label: "at least" },
  { value: "lt", label: "less than" },
  { value: "lte", label: "at most" },
  { value: "in", label: "is one of (comma separated)" },
  { value: "between", label: "between (low, high)" },
  { value: "isSet", label: "is known" },
];

export const TOP_MEASURE_OPTIONS = [
  { value: "rfm", label: "RFM score (recent, frequent, high spend)" },
  { value: "predictedClv", label: "Predicted CLV (expected future value)" },
];

export const DATE_OPS = [
  { value: "withinLastDays", label: "in the last N days" },
  { value: "atLeastDaysAgo", label: "at least N days ago" },
  { value: "daysAgo", label: "exactly N days ago" },
];

/** Numbers typed by the merchant: a number when it parses, the raw text otherwise (validation names it). */
export function numberOrText(input: string): number | string | undefined {
  const trimmed = input.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export const list = (input: string): string[] =>
  input
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
