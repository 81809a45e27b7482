// The shape of the compiled SQL; its meaning is checked against PostgreSQL in
// tests/integration/segments-sql-vs-memory.test.ts.
import { describe, expect, it } from "vitest";
import { compileSegmentSql } from "./sql";
import { NOW } from "./test-facts";
import { type SegmentRule } from "./types";

const compile = (rule: SegmentRule) => compileSegmentSql(rule, { shop: "s.myshopify.com", now: NOW });

describe("compileSegmentSql", () => {
  it("parameterises every value and scopes the shop", () => {
    const sql = compile({ type: "compare", field: "locale", op: "eq", value: "M'; DROP TABLE x; --" });
    expect(sql.text).not.toContain("DROP");
    expect(sql.values).toEqual(["s.myshopify.com", "M'; DROP TABLE x; --"]);
    expect(sql.text).toContain(`WHERE c.shop = $1::text AND c."redactedAt" IS NULL AND c."deletedAt" IS NULL`);
  });

  it("joins the profile only when a profile field is used", () => {
    expect(compile({ type: "tag", match: "any", tags: ["a"] }).text).not.toContain("CustomerProfile");
    const mixed = compile({
      type: "all",
      rules: [
        { type: "compare", field: "netSpend", op: "gte", value: 1 },
        { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
      ],
    });
    expect(mixed.text).toContain(`FROM "Customer" c LEFT JOIN "CustomerProfile" p`);
  });

  it.each<[string, SegmentRule]>([
    ["a profile comparison", { type: "compare", field: "netSpend", op: "gte", value: 1 }],
    [
      "an any of profile comparisons",
      {
        type: "any",
        rules: [
          { type: "compare", field: "orderCount", op: "gte", value: 10 },
          { type: "relativeDate", field: "firstOrderAt", op: "atLeastDaysAgo", days: 730 },
        ],
      },
    ],
    [
      "a profile comparison and a history rule",
      {
        type: "all",
        rules: [
          { type: "compare", field: "rScore", op: "gte", value: 4 },
          { type: "milestone", kind: "order_count" },
        ],
      },
    ],
    [
      // Milestones are written and deleted with the profile: a holder always has one.
      "an any of a profile comparison and milestones",
      {
        type: "any",
        rules: [
          { type: "top", by: "rfm", percent: 10 },
          { type: "milestone", kind: "order_count" },
        ],
      },
    ],
  ])("scans profiles alone for %s", (_name, rule) => {
    const sql = compile(rule);
    expect(sql.text).toMatch(
      /^SELECT p."customerId" AS "customerId" FROM "CustomerProfile" p WHERE p.shop = \$1::text AND /,
    );
    expect(sql.text).not.toContain(`"Customer" c`);
  });

  it.each<[string, SegmentRule]>([
    ["a negation", { type: "not", rule: { type: "compare", field: "netSpend", op: "gte", value: 1 } }],
    [
      "an any with a history rule",
      {
        type: "any",
        rules: [
          { type: "compare", field: "orderCount", op: "gte", value: 10 },
          { type: "returned", withinDays: 30 },
        ],
      },
    ],
    ["a customer field", { type: "compare", field: "createdAt", op: "lt", value: "2026-01-01" }],
  ])("starts from customers for %s", (_name, rule) => {
    expect(compile(rule).text).toMatch(/^SELECT c.id AS "customerId" FROM "Customer" c/);
  });

  it("makes NOT two-valued so that a missing profile is 'not matched'", () => {
    expect(compile({ type: "not", rule: { type: "compare", field: "orderCount", op: "gt", value: 1 } }).text).toContain(
      `NOT COALESCE((p."orderCount" > $2::int4), false)`,
    );
  });

  it("computes relative windows in the application, as UTC timestamps", () => {
    const sql = compile({ type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 7 });
    expect(sql.text).toContain(`p."lastOrderAt" > $2::timestamp AND p."lastOrderAt" <= $3::timestamp`);
    expect(sql.values.slice(1)).toEqual(["2026-11-21 12:00:00.000", "2026-11-22 12:00:00.000"]);
  });

  it("reads productAffinity from SegmentPurchaseStat and the premium mapping", () => {
    const sql = compile({ type: "productAffinity", minOrders: 3, withinDays: 90, requirePremium: true });
    expect(sql.text).toContain(`FROM "SegmentPurchaseStat" s JOIN "ProductMapping" pm`);
    expect(sql.text).toContain(`pm."premiumProductId" IS NOT NULL`);
  });

  it("compiles each leaf of a tree once, in order", () => {
    const sql = compile({
      type: "any",
      rules: [
        { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
        { type: "tag", match: "all", tags: ["a", "b"] },
      ],
    });
    expect(sql.text).toContain(`((c."emailMarketing" = ANY($2::text[])) OR (c.tags @> $3::text[]))`);
    expect(sql.values).toEqual(["s.myshopify.com", ["SUBSCRIBED"], ["a", "b"]]);
  });

  it("merges an any's history rules into one id set", () => {
    const sql = compile({
      type: "any",
      rules: [
        { type: "milestone", kind: "order_count", withinDays: 30 },
        { type: "compare", field: "rScore", op: "gte", value: 4 },
        { type: "milestone", kind: "anniversary_years", withinDays: 30 },
      ],
    });
    expect(sql.text.match(/ IN \(/g)).toHaveLength(1);
    expect(sql.text).toMatch(/p\."customerId" IN \(SELECT m\."customerId" .* UNION ALL SELECT m\."customerId" /);
    expect(sql.text).toMatch(/\(p\."rScore" >= \$\d+::int4\) OR \(p\."customerId" IN/);
  });
});
