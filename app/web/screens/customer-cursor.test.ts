import { describe, expect, it } from "vitest";
import { cleanSearch, containsPattern, encodeCursor, parseCursor, SEARCH_MAX_LENGTH } from "./customer-cursor";

describe("customer list cursors", () => {
  it("round-trip a key with and without a last order", () => {
    for (const cursor of [
      { lastOrderAt: 1_780_000_000_123, id: "9007199254740993", position: 26 },
      { lastOrderAt: null, id: "1", position: 1 },
      { lastOrderAt: -86_400_000, id: "9223372036854775807", position: 999_999_999 },
    ])
      expect(parseCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("refuse anything this module did not write", () => {
    for (const bad of [
      "",
      "abc",
      "n.1",
      "n.0.1",
      "n.1.0",
      "n.9223372036854775808.1",
      "1.2.3.4",
      "9999999999999999.1.1",
      "8640000000000001.1.1",
      "n.-1.1",
      'n.1.1\'; DROP TABLE "Customer"; --',
      "n.1.1 ",
      "%00.1.1",
      `n.${"1".repeat(400)}.1`,
    ])
      expect(parseCursor(bad), bad).toBeNull();
  });
});

describe("search text", () => {
  it("drops control characters and trims, keeping what a person typed", () => {
    expect(cleanSearch("  ada\u0000 love\n ")).toEqual({ ok: true, text: "ada  love" });
    expect(cleanSearch(null)).toEqual({ ok: true, text: "" });
    expect(cleanSearch("\u0007\t")).toEqual({ ok: true, text: "" });
  });

  it("refuses text over the limit with a clear error, counting characters not UTF-16 units", () => {
    expect(cleanSearch("😀".repeat(SEARCH_MAX_LENGTH)).ok).toBe(true);
    const long = cleanSearch("x".repeat(SEARCH_MAX_LENGTH + 1));
    expect(long).toMatchObject({
      ok: false,
      error: `Search text is too long: use at most ${SEARCH_MAX_LENGTH} characters.`,
    });
    expect(long.text).toHaveLength(SEARCH_MAX_LENGTH);
  });

  it("takes LIKE's own characters literally", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
