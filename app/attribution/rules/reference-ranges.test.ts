import { describe, expect, it } from "vitest";
import {
  compareToReference,
  isPillar,
  PILLAR_REFERENCE_RANGES,
  PILLARS,
  REFERENCE_SOURCE_NOTE,
} from "./reference-ranges";

describe("pillar reference ranges", () => {
  it("carries the research figures for every pillar with a source note", () => {
    expect(PILLARS.map((pillar) => PILLAR_REFERENCE_RANGES[pillar].kind)).toEqual([
      "rate",
      "qualitative",
      "rate",
      "ctr_multiple",
    ]);
    expect(PILLAR_REFERENCE_RANGES.loyalty).toMatchObject({ low: 0.15, high: 0.28 });
    expect(PILLAR_REFERENCE_RANGES.affinity).toMatchObject({ low: 0.12, high: 0.18 });
    expect(PILLAR_REFERENCE_RANGES.reengagement).toMatchObject({ low: 2, high: 3 });
    expect(PILLAR_REFERENCE_RANGES.lifecycle).toMatchObject({
      expectation: expect.stringContaining("fewer returns and support tickets"),
    });
    expect(REFERENCE_SOURCE_NOTE).toContain("not a forecast");
  });

  it("places a measured rate against a numeric range, inclusive at both ends", () => {
    expect(compareToReference("loyalty", 0.1499)).toBe("below");
    expect(compareToReference("loyalty", 0.15)).toBe("within");
    expect(compareToReference("loyalty", 0.28)).toBe("within");
    expect(compareToReference("affinity", 0.2)).toBe("above");
    expect(compareToReference("lifecycle", 0.2)).toBeNull();
    expect(compareToReference("loyalty", null)).toBeNull();
  });

  it("recognises pillar names", () => {
    expect(isPillar("reengagement")).toBe(true);
    expect(isPillar("winback")).toBe(false);
  });
});
