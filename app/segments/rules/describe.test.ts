import { describe, expect, it } from "vitest";
import { describeRule } from "./describe";

const titles = { currency: "EUR", productTitle: (id: string) => (id === "7" ? "Merino Beanie" : null) };

describe("describeRule", () => {
  it("says 1 day, not 1 days", () => {
    expect(describeRule({ type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 1 })).toBe(
      "Most recent counted order exactly 1 day ago",
    );
    expect(describeRule({ type: "relativeDate", field: "lastOrderAt", op: "withinLastDays", days: 1 })).toBe(
      "Most recent counted order in the last 1 day",
    );
    expect(describeRule({ type: "relativeDate", field: "firstOrderAt", op: "atLeastDaysAgo", days: 730 })).toBe(
      "First counted order at least 730 days ago",
    );
    expect(describeRule({ type: "productAffinity", minOrders: 1, withinDays: 1 })).toBe(
      "bought the same product in at least 1 order in the last 1 day",
    );
    expect(describeRule({ type: "all", rules: [{ type: "tag", match: "any", tags: ["vip"] }] })).toBe("all of 1 rule");
  });

  it("reads money in the shop currency, dates as days and products by title", () => {
    expect(describeRule({ type: "compare", field: "netSpend", op: "gte", value: "5000" }, titles)).toBe(
      "Net spend (after refunds) at least €5,000",
    );
    expect(describeRule({ type: "compare", field: "netSpend", op: "gte", value: "5000" })).toBe(
      "Net spend (after refunds) at least 5,000",
    );
    expect(describeRule({ type: "compare", field: "lastOrderAt", op: "lt", value: "2025-02-01T07:38:24.000Z" })).toBe(
      "Most recent counted order before Feb 1, 2025",
    );
    expect(describeRule({ type: "compare", field: "favouriteProductId", op: "eq", value: "7" }, titles)).toBe(
      "Favourite product is “Merino Beanie”",
    );
    expect(
      describeRule({ type: "returned", productId: "8", reasons: ["size-too-small"], withinDays: 30 }, titles),
    ).toBe("returned a product no longer in the catalogue as size too small in the last 30 days");
    expect(
      describeRule({ type: "milestone", kind: "lifetime_spend", minThreshold: 5000, withinDays: 30 }, titles),
    ).toBe("reached a lifetime spend of €5,000 or more in the last 30 days");
    expect(describeRule({ type: "milestone", kind: "anniversary_years", withinDays: 1 })).toBe(
      "reached an anniversary milestone in the last 1 day",
    );
    expect(describeRule({ type: "consent", channel: "email", states: ["SUBSCRIBED", "NOT_SUBSCRIBED"] })).toBe(
      "email marketing subscribed or not subscribed",
    );
  });
});
