// Table-driven: compare, relativeDate, consent, tag and the logical nodes.
import { describe, expect, it } from "vitest";
import { evaluateSegment } from "./evaluate";
import { type CustomerFacts } from "./facts";
import { daysAgo, facts, NOW } from "./test-facts";
import { type SegmentRule } from "./types";

type Case = [name: string, rule: SegmentRule, facts: CustomerFacts, expected: boolean];

const spender = facts({
  fields: {
    netSpend: "5000.0000",
    orderCount: 10,
    usualSize: "M",
    favouriteProductId: "42",
    emailMarketing: "SUBSCRIBED",
    lastOrderAt: daysAgo(7),
    createdAt: new Date("2024-01-15T00:00:00Z"),
  },
});
const noProfile = facts({ fields: { emailMarketing: "NOT_SUBSCRIBED", netSpend: null, orderCount: null } });

const compareCases: Case[] = [
  ["decimal gte at the boundary", { type: "compare", field: "netSpend", op: "gte", value: "5000.00" }, spender, true],
  ["decimal gt at the boundary", { type: "compare", field: "netSpend", op: "gt", value: 5000 }, spender, false],
  ["decimal lt", { type: "compare", field: "netSpend", op: "lt", value: "5000.0001" }, spender, true],
  ["decimal eq", { type: "compare", field: "netSpend", op: "eq", value: 5000 }, spender, true],
  ["number lte", { type: "compare", field: "orderCount", op: "lte", value: 9 }, spender, false],
  ["number neq", { type: "compare", field: "orderCount", op: "neq", value: 9 }, spender, true],
  ["number in", { type: "compare", field: "orderCount", op: "in", value: [1, 10] }, spender, true],
  ["number between inclusive", { type: "compare", field: "orderCount", op: "between", value: [10, 12] }, spender, true],
  ["string eq", { type: "compare", field: "usualSize", op: "eq", value: "M" }, spender, true],
  ["string eq is case-sensitive", { type: "compare", field: "usualSize", op: "eq", value: "m" }, spender, false],
  ["id eq", { type: "compare", field: "favouriteProductId", op: "eq", value: "42" }, spender, true],
  ["enum in", { type: "compare", field: "emailMarketing", op: "in", value: ["PENDING", "SUBSCRIBED"] }, spender, true],
  ["date lt", { type: "compare", field: "createdAt", op: "lt", value: "2024-01-15T00:00:00.001Z" }, spender, true],
  [
    "date between",
    { type: "compare", field: "createdAt", op: "between", value: ["2024-01-01", "2024-01-15"] },
    spender,
    true,
  ],
  ["isSet on a value", { type: "compare", field: "usualSize", op: "isSet" }, spender, true],
  ["isSet on null", { type: "compare", field: "usualSize", op: "isSet" }, noProfile, false],
  ["null is not neq", { type: "compare", field: "orderCount", op: "neq", value: 3 }, noProfile, false],
  ["null is not lt", { type: "compare", field: "netSpend", op: "lt", value: 1 }, noProfile, false],
];

const relativeCases: Case[] = [
  [
    "withinLastDays includes N-1 days ago",
    { type: "relativeDate", field: "lastOrderAt", op: "withinLastDays", days: 8 },
    spender,
    true,
  ],
  [
    "withinLastDays excludes exactly N days ago",
    { type: "relativeDate", field: "lastOrderAt", op: "withinLastDays", days: 7 },
    spender,
    false,
  ],
  [
    "atLeastDaysAgo includes exactly N days ago",
    { type: "relativeDate", field: "lastOrderAt", op: "atLeastDaysAgo", days: 7 },
    spender,
    true,
  ],
  [
    "atLeastDaysAgo excludes N-1",
    { type: "relativeDate", field: "lastOrderAt", op: "atLeastDaysAgo", days: 8 },
    spender,
    false,
  ],
  [
    "daysAgo at the start of the day",
    { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 },
    spender,
    true,
  ],
  [
    "daysAgo: one ms later is day 6",
    { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 },
    facts({ fields: { lastOrderAt: new Date(daysAgo(7).getTime() + 1) } }),
    false,
  ],
  [
    "daysAgo: just under N+1 days",
    { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 },
    facts({ fields: { lastOrderAt: new Date(daysAgo(8).getTime() + 1) } }),
    true,
  ],
  [
    "daysAgo: exactly N+1 days is out",
    { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 },
    facts({ fields: { lastOrderAt: daysAgo(8) } }),
    false,
  ],
  [
    "a future date is not within the last days",
    { type: "relativeDate", field: "lastOrderAt", op: "withinLastDays", days: 7 },
    facts({ fields: { lastOrderAt: daysAgo(-1) } }),
    false,
  ],
  ["null date", { type: "relativeDate", field: "lastOrderAt", op: "atLeastDaysAgo", days: 0 }, noProfile, false],
];

const consentAndTagCases: Case[] = [
  ["email consent", { type: "consent", channel: "email", states: ["SUBSCRIBED"] }, spender, true],
  ["sms consent absent", { type: "consent", channel: "sms", states: ["SUBSCRIBED"] }, spender, false],
  ["email not subscribed", { type: "consent", channel: "email", states: ["SUBSCRIBED"] }, noProfile, false],
  ["tag any", { type: "tag", match: "any", tags: ["vip", "wholesale"] }, facts({ tags: ["vip"] }), true],
  ["tag all missing one", { type: "tag", match: "all", tags: ["vip", "wholesale"] }, facts({ tags: ["vip"] }), false],
  [
    "tag all",
    { type: "tag", match: "all", tags: ["vip", "wholesale"] },
    facts({ tags: ["wholesale", "vip", "x"] }),
    true,
  ],
];

const yes: SegmentRule = { type: "tag", match: "any", tags: ["t"] };
const no: SegmentRule = { type: "tag", match: "any", tags: ["absent"] };
const unknown: SegmentRule = { type: "compare", field: "orderCount", op: "gt", value: 1 };
const tagged = facts({ tags: ["t"] });
const logicCases: Case[] = [
  ["all true", { type: "all", rules: [yes, yes] }, tagged, true],
  ["all with a false", { type: "all", rules: [yes, no] }, tagged, false],
  ["any with a true", { type: "any", rules: [no, yes] }, tagged, true],
  ["any all false", { type: "any", rules: [no, no] }, tagged, false],
  ["not false", { type: "not", rule: no }, tagged, true],
  ["not true", { type: "not", rule: yes }, tagged, false],
  ["not of a null comparison is true", { type: "not", rule: unknown }, tagged, true],
  ["not(any(null, false))", { type: "not", rule: { type: "any", rules: [unknown, no] } }, tagged, true],
  ["double negation", { type: "not", rule: { type: "not", rule: yes } }, tagged, true],
];

describe.each([
  ["compare", compareCases],
  ["relativeDate", relativeCases],
  ["consent and tag", consentAndTagCases],
  ["all / any / not", logicCases],
])("evaluateSegment: %s", (_group, cases) => {
  it.each(cases)("%s", (_name, rule, customer, expected) => {
    expect(evaluateSegment(rule, customer, NOW)).toBe(expected);
  });
});
