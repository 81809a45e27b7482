import { describe, expect, it } from "vitest";
import { describeRule } from "./describe";

describe("describeRule", () => {
  it("says 1 day, not 1 days", () => {
    expect(describeRule({ type: "relativeDate", field: "lastOrderAt", op: "daysAgo", days: 1 })).toBe(
      "lastOrderAt exactly 1 day ago",
    );
    expect(describeRule({ type: "relativeDate", field: "lastOrderAt", op: "withinLastDays", days: 1 })).toBe(
      "lastOrderAt within the last 1 day",
    );
    expect(describeRule({ type: "relativeDate", field: "firstOrderAt", op: "atLeastDaysAgo", days: 730 })).toBe(
      "firstOrderAt at least 730 days ago",
    );
    expect(describeRule({ type: "productAffinity", minOrders: 1, withinDays: 1 })).toBe(
      "bought the same product in ≥ 1 order in the last 1 day",
    );
  });
});
