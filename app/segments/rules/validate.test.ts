import { describe, expect, it } from "vitest";
import { assertSegment, formatSegmentErrors, parseSegment, SegmentValidationError } from "./validate";

function errorsOf(input: unknown): { path: string; message: string }[] {
  const result = parseSegment(input);
  if (result.ok) throw new Error("expected the definition to be invalid");
  return result.errors;
}

describe("parseSegment", () => {
  it("accepts a tree using every node type", () => {
    const tree = {
      type: "all",
      rules: [
        { type: "compare", field: "netSpend", op: "gte", value: "5000.00" },
        { type: "compare", field: "emailMarketing", op: "in", value: ["SUBSCRIBED"] },
        { type: "compare", field: "lastOrderAt", op: "between", value: ["2026-01-01", "2026-02-01T00:00:00Z"] },
        { type: "compare", field: "usualSize", op: "isSet" },
        { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 },
        {
          type: "any",
          rules: [
            { type: "productAffinity", minOrders: 3, withinDays: 90, requirePremium: true },
            { type: "returned", reasons: ["defective"], relaunchedSince: true },
          ],
        },
        { type: "not", rule: { type: "milestone", kind: "lifetime_spend", minThreshold: 5000, withinDays: 30 } },
        { type: "consent", channel: "sms", states: ["SUBSCRIBED"] },
        { type: "tag", match: "all", tags: ["vip"], label: "VIPs" },
      ],
    };
    const result = parseSegment(tree);
    expect(result).toEqual({ ok: true, rule: tree });
  });

  it.each([
    ["a non-object rule", { type: "all", rules: [3] }, "rules[0]", /must be an object/],
    ["an unknown rule type", { type: "all", rules: [{ type: "bought" }] }, "rules[0]", /unknown rule type "bought"/],
    ["an empty all", { type: "all", rules: [] }, "", /at least one rule/],
    [
      "an unknown field",
      { type: "any", rules: [{ type: "compare", field: "shoeSize", op: "eq", value: "9" }] },
      "rules[0]",
      /\(compare shoeSize\) unknown field "shoeSize"/,
    ],
    [
      "a bad decimal",
      { type: "compare", field: "netSpend", op: "gte", value: "lots" },
      "",
      /value "lots" must be a decimal/,
    ],
    ["a number as string", { type: "compare", field: "predictedClv", op: "gte", value: "10" }, "", /must be a number/],
    [
      "a fraction for a whole-number field",
      { type: "compare", field: "orderCount", op: "gte", value: 9.5 },
      "",
      /must be a whole number/,
    ],
    ["in without array", { type: "compare", field: "orderCount", op: "in", value: 3 }, "", /non-empty array/],
    [
      "between reversed",
      { type: "compare", field: "orderCount", op: "between", value: [5, 2] },
      "",
      /low 5 is above high 2/,
    ],
    ["ordering a string", { type: "compare", field: "usualSize", op: "gt", value: "M" }, "", /not ordered/],
    ["isSet with value", { type: "compare", field: "usualSize", op: "isSet", value: "M" }, "", /takes no value/],
    [
      "a bad enum",
      { type: "compare", field: "emailMarketing", op: "eq", value: "YES" },
      "",
      /must be one of NOT_SUBSCRIBED/,
    ],
    ["a bad date", { type: "compare", field: "createdAt", op: "lt", value: "yesterday" }, "", /ISO-8601/],
    [
      "relative date on a number",
      { type: "relativeDate", field: "orderCount", op: "withinLastDays", days: 3 },
      "",
      /need a date field/,
    ],
    ["negative days", { type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: -1 }, "", /days:/],
    ["zero minOrders", { type: "productAffinity", minOrders: 0 }, "", /minOrders:/],
    [
      "non-numeric product",
      { type: "productAffinity", minOrders: 2, productId: "gid://shopify/Product/1" },
      "",
      /numeric product id/,
    ],
    ["an unknown reason", { type: "returned", reasons: ["too-blue"] }, "", /reasons\.0:/],
    ["an unknown milestone", { type: "milestone", kind: "birthday" }, "", /kind:/],
    [
      "a bad consent state",
      { type: "consent", channel: "sms", states: ["INVALID"] },
      "",
      /unknown sms marketing state INVALID/,
    ],
    ["an extra key", { type: "tag", match: "any", tags: ["a"], colour: "red" }, "", /colour/],
    ["a missing child", { type: "not" }, "", /\(not\) rule: .*received undefined/],
  ])("rejects %s, naming the rule", (_name, input, path, message) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    expect(errors[0].message).toMatch(message);
  });

  it("reports every invalid rule with its nested path", () => {
    const errors = errorsOf({
      type: "all",
      rules: [
        { type: "tag", match: "any", tags: ["ok"] },
        {
          type: "any",
          rules: [
            { type: "consent", channel: "fax", states: ["SUBSCRIBED"] },
            { type: "not", rule: { type: "compare", field: "x", op: "eq", value: 1 } },
          ],
        },
      ],
    });
    expect(errors.map((e) => e.path)).toEqual(["rules[1].rules[0]", "rules[1].rules[1].rule"]);
    expect(formatSegmentErrors(errors)).toMatch(
      /^rules\[1\]\.rules\[0\]: \(consent\) channel: .*\nrules\[1\]\.rules\[1\]\.rule: \(compare x\) unknown field "x"$/,
    );
  });

  it("names a labelled rule in its error", () => {
    expect(errorsOf({ type: "compare", label: "Big spenders", field: "netSpend", op: "gte" })[0].message).toBe(
      '(compare netSpend "Big spenders") op "gte" needs a value',
    );
  });

  it("bounds the depth of a tree", () => {
    let tree: unknown = { type: "tag", match: "any", tags: ["a"] };
    for (let i = 0; i < 20; i += 1) tree = { type: "not", rule: tree };
    expect(errorsOf(tree)[0].message).toMatch(/nested too deeply/);
  });

  it("assertSegment throws SegmentValidationError carrying the errors", () => {
    expect(() => assertSegment({ type: "any", rules: [{ type: "nope" }] })).toThrow(SegmentValidationError);
    try {
      assertSegment({ type: "any", rules: [{ type: "nope" }] });
    } catch (error) {
      expect((error as SegmentValidationError).errors[0].path).toBe("rules[0]");
    }
  });
});
