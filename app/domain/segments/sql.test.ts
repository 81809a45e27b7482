// The shape of the compiled SQL; its meaning is checked against PostgreSQL in
// tests/integration/segments-sql-vs-memory.test.ts.
import { describe, expect, it } from "vitest";
import { compileSegmentSql } from "./sql";
import { NOW } from "./test-facts";
import { type SegmentRule } from "./types";

const compile = (rule: SegmentRule) => compileSegmentSql(rule, { shop: "s.myshopify.com", now: NOW });

describe("compileSegmentSql", () => {
  it("parameterises every value and scopes the shop", () => {
    const sql = compile({ type: "compare", field: "usualSize", op: "eq", value: "M'; DROP TABLE x; --" });
    expect(sql.text).not.toContain("DROP");
    expect(sql.values).toEqual(["s.myshopify.com", "M'; DROP TABLE x; --"]);
    expect(sql.text).toContain(`WHERE c.shop = $1::text AND c."redactedAt" IS NULL`);
  });

  it("joins the profile only when a profile field is used", () => {
    expect(compile({ type: "tag", match: "any", tags: ["a"] }).text).not.toContain("CustomerProfile");
    expect(compile({ type: "compare", field: "netSpend", op: "gte", value: 1 }).text).toContain(`LEFT JOIN "CustomerProfile" p`);
  });

  it("makes NOT two-valued so that a missing profile is 'not matched'", () => {
    expect(compile({ type: "not", rule: { type: "compare", field: "orderCount", op: "gt", value: 1 } }).text).toContain(`NOT COALESCE((p."orderCount" > $2::float8), false)`);
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
    const sql = compile({ type: "any", rules: [{ type: "consent", channel: "email", states: ["SUBSCRIBED"] }, { type: "tag", match: "all", tags: ["a", "b"] }] });
    expect(sql.text).toContain(`((c."emailMarketing" = ANY($2::text[])) OR (c.tags @> $3::text[]))`);
    expect(sql.values).toEqual(["s.myshopify.com", ["SUBSCRIBED"], ["a", "b"]]);
  });
});
