import { describe, expect, it } from "vitest";
import { compareDecimal } from "./decimal";

describe("compareDecimal", () => {
  it.each([
    ["5000", "5000.00", 0],
    ["4999.9999", "5000", -1],
    ["5000.0001", "5000", 1],
    ["-1", "0", -1],
    ["-0.00", "0", 0],
    ["-2", "-10", 1],
    ["10", "9.99", 1],
    ["0012.5", "12.50", 0],
    ["123456789012345.6789", "123456789012345.6788", 1],
  ])("%s vs %s -> %i", (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });
});
