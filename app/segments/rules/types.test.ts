// The rule types are inferred from the node schemas (types.ts); only the children of all/any/not
// are written by hand, because the schemas leave them unknown. These checks run in the typecheck
// (expectTypeOf) and fail when a schema and the tree type part ways; the runtime checks tie the
// type list to the schemas validate.ts uses.
import { describe, expectTypeOf, it, expect } from "vitest";
import type { z } from "zod";
import { NODE_SCHEMAS } from "./schema";
import { RULE_TYPES, type AllRule, type AnyRule, type NotRule, type RuleType, type SegmentRule } from "./types";

type Schema<K extends keyof typeof NODE_SCHEMAS> = z.infer<(typeof NODE_SCHEMAS)[K]>;

describe("segment rule types", () => {
  it("have one schema per rule type, and no other", () => {
    expectTypeOf<RuleType>().toEqualTypeOf<keyof typeof NODE_SCHEMAS>();
    expectTypeOf<(typeof RULE_TYPES)[number]>().toEqualTypeOf<RuleType>();
    expect([...RULE_TYPES].sort()).toEqual(Object.keys(NODE_SCHEMAS).sort());
  });

  it("are each node's schema, with rules for the children the schema leaves unknown", () => {
    expectTypeOf<Omit<AllRule, "rules">>().toEqualTypeOf<Omit<Schema<"all">, "rules">>();
    expectTypeOf<Omit<AnyRule, "rules">>().toEqualTypeOf<Omit<Schema<"any">, "rules">>();
    expectTypeOf<Omit<NotRule, "rule">>().toEqualTypeOf<Omit<Schema<"not">, "rule">>();
    expectTypeOf<AllRule["rules"]>().toEqualTypeOf<SegmentRule[]>();
    expectTypeOf<NotRule["rule"]>().toEqualTypeOf<SegmentRule>();
    expectTypeOf<Schema<"all">["rules"]>().toEqualTypeOf<unknown[]>();
  });

  it("accept what the schemas accept, for every leaf type", () => {
    const leaves = {
      compare: { type: "compare", field: "orderCount", op: "gte", value: 3 },
      relativeDate: { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 },
      productAffinity: { type: "productAffinity", minOrders: 3, withinDays: 90 },
      returned: { type: "returned", reasons: ["size-too-small"], relaunchedSince: true },
      milestone: { type: "milestone", kind: "order_count", minThreshold: "10" },
      top: { type: "top", by: "rfm", percent: 10 },
      consent: { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
      tag: { type: "tag", match: "any", tags: ["vip"] },
    } as const satisfies { [K in Exclude<RuleType, "all" | "any" | "not">]: Extract<SegmentRule, { type: K }> };
    for (const [type, rule] of Object.entries(leaves)) {
      expect(NODE_SCHEMAS[type as keyof typeof leaves].safeParse(rule).success).toBe(true);
    }
  });
});
