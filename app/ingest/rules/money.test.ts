import { describe, expect, it } from "vitest";
import { fromUnits, sumAmounts, toUnits } from "~/ingest/rules/money";

describe("money", () => {
  it("adds amounts exactly", () => {
    expect(sumAmounts(["0.1", "0.2", "10", "-0.05", null, "1.23456"])).toBe("11.4845");
    expect(fromUnits(toUnits("-12.5"))).toBe("-12.5000");
    expect(toUnits(19.99)).toBe(199_900n);
  });
});
