import { describe, expect, it } from "vitest";
import { parseSummaryCsv } from "./csv";

describe("parseSummaryCsv", () => {
  it("reads the CDNOW header in any column order", () => {
    expect(parseSummaryCsv("zbar,T,t_x,x,ID\n22.35,38.86,30.43,2,1\n0,38.86,0,0,2\n")).toEqual([
      { x: 2, tx: 30.43, T: 38.86, zbar: 22.35 },
      { x: 0, tx: 0, T: 38.86, zbar: 0 },
    ]);
  });

  it("names the bad line", () => {
    expect(() => parseSummaryCsv("ID,x,t_x,T,zbar\n1,2,30,38,22\n2,abc,0,38,0\n")).toThrow(
      "line 3: x must be a non-negative number",
    );
    expect(() => parseSummaryCsv("ID,x,t_x,T,zbar\n1,2,40,38,22\n")).toThrow("line 2: t_x (40) is after T (38)");
    expect(() => parseSummaryCsv("ID,x,T,zbar\n1,2,38,22\n")).toThrow('missing column "t_x"');
  });
});
