import { describe, expect, it } from "vitest";
import { isVipSegment, segmentShare } from "./share";

describe("segmentShare", () => {
  it("gives the share of the store in words", () => {
    expect(segmentShare(1023, 10_000, false)).toEqual({
      share: 0.1023,
      text: "10.2% of 10,000 customers",
      warning: null,
    });
    expect(segmentShare(1, 1, false).text).toBe("100% of 1 customer");
    expect(segmentShare(0, 0, true)).toEqual({ share: null, text: null, warning: null });
  });

  it("warns when a VIP segment holds more than a quarter of the store, not at a quarter", () => {
    expect(segmentShare(4115, 10_000, true).warning).toBe(
      "This VIP segment holds 41.2% of your customers. A thank-you to this many is not recognition: keep it under 25%, for example the top 10% by RFM score.",
    );
    expect(segmentShare(2500, 10_000, true).warning).toBeNull();
    expect(segmentShare(2501, 10_000, true).warning).not.toBeNull();
    expect(segmentShare(9000, 10_000, false).warning).toBeNull();
  });

  it("knows a VIP segment by its pillar or its name", () => {
    expect(isVipSegment({ pillar: "loyalty", name: "Anything" })).toBe(true);
    expect(isVipSegment({ pillar: null, name: "VIP circle" })).toBe(true);
    expect(isVipSegment({ pillar: null, name: "Our best customers" })).toBe(true);
    expect(isVipSegment({ pillar: "lifecycle", name: "Day 7" })).toBe(false);
    expect(isVipSegment({ pillar: null, name: "Vipers fans" })).toBe(false);
  });
});
