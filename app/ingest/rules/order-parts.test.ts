import { describe, expect, it } from "vitest";
import { mayStartPart, orderPartFilter, ordersSummary, planOrderParts } from "./order-parts";

describe("planOrderParts", () => {
  it("splits the id range largest part first, unbounded at both ends", () => {
    const parts = planOrderParts(1000n, 2000n);
    expect(parts.map((p) => [p.from, p.to])).toEqual([
      [null, "1399"],
      ["1400", "1699"],
      ["1700", "1899"],
      ["1900", null],
    ]);
    expect(parts.map(orderPartFilter)).toEqual([
      "id:<=1399",
      "id:>=1400 AND id:<=1699",
      "id:>=1700 AND id:<=1899",
      "id:>=1900",
    ]);
  });

  it("keeps one unfiltered part for an empty store, a tiny range or one share", () => {
    for (const parts of [planOrderParts(null, null), planOrderParts(5n, 7n), planOrderParts(1n, 10_000n, [1])]) {
      expect(parts).toHaveLength(1);
      expect(orderPartFilter(parts[0])).toBeNull();
    }
  });

  it("holds ids beyond 2^53 exactly", () => {
    const parts = planOrderParts(9_007_199_254_740_993n, 9_007_199_254_750_993n, [0.5, 0.5]);
    expect(parts.map((p) => [p.from, p.to])).toEqual([
      [null, "9007199254745992"],
      ["9007199254745993", null],
    ]);
  });
});

describe("order parts at run time", () => {
  it("starts a part only once the one before it is exported", () => {
    const parts = planOrderParts(0n, 100n, [0.5, 0.5]);
    expect(mayStartPart(parts, 0)).toBe(true);
    expect(mayStartPart(parts, 1)).toBe(false);
    parts[0].status = "RUNNING";
    expect(mayStartPart(parts, 1)).toBe(false);
    parts[0].status = "COMPLETED";
    expect(mayStartPart(parts, 1)).toBe(true);
  });

  it("sums the parts, exported when all are, fresh as of the earliest start", () => {
    const parts = planOrderParts(0n, 100n, [0.5, 0.5]);
    Object.assign(parts[0], {
      status: "COMPLETED",
      snapshotAt: "2026-12-05T10:00:05Z",
      read: 7,
      written: 9,
      done: true,
    });
    Object.assign(parts[1], { status: "RUNNING", snapshotAt: "2026-12-05T10:00:01Z", read: 2, written: 3 });
    expect(ordersSummary(parts)).toMatchObject({ status: "RUNNING", read: 9, written: 12, done: false });
    expect(ordersSummary(parts).snapshotAt).toBe("2026-12-05T10:00:01Z");
    parts[1].status = "COMPLETED";
    expect(ordersSummary(parts)).toMatchObject({ status: "COMPLETED", done: false });
    parts[1].snapshotAt = null;
    expect(ordersSummary(parts).snapshotAt).toBeNull();
  });
});
