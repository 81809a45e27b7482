import { describe, expect, it } from "vitest";
import { keptUnits, mayBeEdited, refundedUnits, removedUnits } from "./order-edits";

describe("order edits", () => {
  it("tells units an edit removed from refunded ones", () => {
    expect(removedUnits(2, 0, 0)).toBe(2); // the edit removed the whole line
    expect(keptUnits(2, 0, 0)).toBe(0);
    expect(removedUnits(2, 0, 2)).toBe(0); // refunded, not removed: still bought
    expect(keptUnits(3, 1, 1)).toBe(2); // one refunded, one removed
    expect(keptUnits(1, 1, 0)).toBe(1);
    expect(removedUnits(1, 0, 5)).toBe(0);
  });
  it("sums refunded units per line", () => {
    expect(
      refundedUnits([
        { lineItemId: 1n, quantity: 1 },
        { lineItemId: 1n, quantity: 2 },
        { lineItemId: 2n, quantity: 1 },
      ]),
    ).toEqual(
      new Map([
        [1n, 3],
        [2n, 1],
      ]),
    );
  });
  it("flags only lines with units gone", () => {
    expect(mayBeEdited(2, 2)).toBe(false);
    expect(mayBeEdited(2, 1)).toBe(true);
    expect(mayBeEdited(2, null)).toBe(false);
  });
});
