import { describe, expect, it } from "vitest";
import { parseRecordId, parseShopifyId } from "./ids";

const BAD_COMMON = [undefined, null, 5, "", " 1", "1 ", "a\u0000b", "1;DROP", "x".repeat(65), "ünï", "%00"];

describe("parseShopifyId", () => {
  it("takes 1 … 2^63-1", () => {
    expect(parseShopifyId("1")).toBe(1n);
    expect(parseShopifyId("7012345678901")).toBe(7012345678901n);
    expect(parseShopifyId("9223372036854775807")).toBe(9223372036854775807n);
  });
  it.each([
    ...BAD_COMMON,
    "0",
    "-1",
    "abc",
    "1.5",
    "1e3",
    "0x10",
    "9223372036854775808",
    "9999999999999999999",
    "99999999999999999999",
  ])("refuses %j", (raw) => {
    expect(parseShopifyId(raw)).toBeNull();
  });
});

describe("parseRecordId", () => {
  it("takes cuids and simple hand-written ids", () => {
    expect(parseRecordId("cmc1x2y3z0000abcd1234efgh")).toBe("cmc1x2y3z0000abcd1234efgh");
    expect(parseRecordId("camp_1-a")).toBe("camp_1-a");
    expect(parseRecordId("99999999999999999999")).toBe("99999999999999999999");
  });
  it.each([...BAD_COMMON, "a/b", "a.b", "-1 OR 1=1"])("refuses %j", (raw) => {
    expect(parseRecordId(raw)).toBeNull();
  });
});
