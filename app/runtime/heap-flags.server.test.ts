import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_MB, EnvError } from "~/env.server";
import { carriesHeapFlags, heapFlags } from "~/runtime/heap-flags.server";

describe("heapFlags", () => {
  it("caps the old space at the default unless RAPPORT_HEAP_MB says otherwise", () => {
    expect(heapFlags({})).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`]);
    expect(heapFlags({ RAPPORT_HEAP_MB: "" })).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`]);
    expect(heapFlags({ RAPPORT_HEAP_MB: "512" })).toEqual(["--max-old-space-size=512"]);
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

  it("holds only when the last old-space flag is the one asked for", () => {
    expect(carriesHeapFlags(["--max-old-space-size=128"], [...tsx, "--max-old-space-size=128"])).toBe(true);
    expect(carriesHeapFlags(["--max-old-space-size=128"], tsx)).toBe(false);
    expect(carriesHeapFlags(["--max-old-space-size=128"], ["--max-old-space-size=1024"])).toBe(false);
    expect(
      carriesHeapFlags(["--max-old-space-size=128"], ["--max-old-space-size=1024", "--max-old-space-size=128"]),
    ).toBe(true);
    expect(carriesHeapFlags([], tsx)).toBe(true);
  });
});
