import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_MB, EnvError } from "~/env.server";
import { carriesHeapFlags, heapFlags } from "~/runtime/heap-flags.server";

describe("heapFlags", () => {
  it("caps the old space at the default unless RAPPORT_HEAP_MB says otherwise, the young generation with it", () => {
    const standard = [`--max-old-space-size=${DEFAULT_HEAP_MB}`, "--max-semi-space-size=4"];
    expect(heapFlags({})).toEqual(standard);
    expect(heapFlags({ RAPPORT_HEAP_MB: "" })).toEqual(standard);
    expect(heapFlags({ RAPPORT_HEAP_MB: "96" })).toEqual(["--max-old-space-size=96", "--max-semi-space-size=3"]);
    expect(heapFlags({ RAPPORT_HEAP_MB: "512" })).toEqual(["--max-old-space-size=512", "--max-semi-space-size=16"]);
    expect(heapFlags({ RAPPORT_HEAP_MB: "4096" })).toEqual(["--max-old-space-size=4096", "--max-semi-space-size=16"]);
    expect(heapFlags({ RAPPORT_HEAP_MB: "0" })).toEqual([]);
  });

  it("refuses anything but a whole number of MB in range, naming the setting", () => {
    for (const value of ["lots", "64", "1.5", "-128", "128MB", "70000"]) {
      expect(() => heapFlags({ RAPPORT_HEAP_MB: value })).toThrow(
        new EnvError(
          `RAPPORT_HEAP_MB: must be a whole number of MB from 96 to 65536, or 0 for V8's own sizing (got "${value}")`,
        ),
      );
    }
  });
});

describe("carriesHeapFlags", () => {
  const tsx = ["--require", "preflight.cjs", "--import", "loader.mjs"];

  it("holds only when the last value of each option is the one asked for", () => {
    const flags = ["--max-old-space-size=128", "--max-semi-space-size=4"];
    expect(carriesHeapFlags(flags, [...tsx, ...flags])).toBe(true);
    expect(carriesHeapFlags(flags, tsx)).toBe(false);
    expect(carriesHeapFlags(flags, [...tsx, "--max-old-space-size=128"])).toBe(false);
    expect(carriesHeapFlags(flags, ["--max-old-space-size=1024", "--max-semi-space-size=4"])).toBe(false);
    expect(carriesHeapFlags(flags, ["--max-old-space-size=1024", ...flags])).toBe(true);
    expect(carriesHeapFlags([], tsx)).toBe(true);
  });
});
