import { describe, expect, it } from "vitest";
import { mulberry32 } from "~sim/util/rng";
import { parseSummaryColumns, parseSummaryCsv } from "./csv";

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

describe("parseSummaryColumns", () => {
  // The reader before the byte-level fast path: split, trim, Number(). The fast path must agree.
  function reference(text: string) {
    const rows = text
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim() !== "")
      .map((l) =>
        l
          .trim()
          .split(",")
          .map((c) => Number(c.trim())),
      );
    return {
      x: rows.map((r) => r[1]),
      tx: rows.map((r) => r[2]),
      T: rows.map((r) => r[3]),
      zbar: rows.map((r) => r[4]),
    };
  }

  it("reads every plain decimal as the same double Number() gives", () => {
    const draw = mulberry32(19);
    const lines = ["id,x,t_x,T,zbar"];
    for (let i = 0; i < 20_000; i++) {
      const T = Math.floor(draw() * 1e4) / 10 ** Math.floor(draw() * 4);
      const tx = Math.floor(draw() * T * 1000) / 1000;
      const zbar = (draw() * 10 ** Math.floor(draw() * 9)).toFixed(Math.floor(draw() * 7));
      lines.push(`${i}, ${1 + Math.floor(draw() * 60)} ,${tx},${T}\t,${zbar}`);
    }
    const text = `${lines.join("\r\n")}\r\n\r\n  \n`;
    const got = parseSummaryColumns(text);
    const want = reference(text);
    expect([...got.x]).toEqual(want.x);
    expect([...got.tx]).toEqual(want.tx);
    expect([...got.T]).toEqual(want.T);
    expect([...got.zbar]).toEqual(want.zbar);
  });

  it("hands anything that is not a plain decimal to Number()", () => {
    const got = parseSummaryColumns("id,x,t_x,T,zbar\n1,+2,1e1,1.5e1,12345678901234567.5\n2,0,0,.5,5.\n");
    expect([...got.x]).toEqual([2, 0]);
    expect([...got.tx]).toEqual([10, 0]);
    expect([...got.T]).toEqual([15, 0.5]);
    expect([...got.zbar]).toEqual([Number("12345678901234567.5"), 5]);
  });

  it("names a short line and an empty cell", () => {
    expect(() => parseSummaryColumns("id,x,t_x,T,zbar\n1,2,3,4,5\n2,1,1\n")).toThrow(
      'line 3: T must be a non-negative number, got ""',
    );
    expect(() => parseSummaryColumns("id,x,t_x,T,zbar\n1,2,,4,5\n")).toThrow(
      'line 2: t_x must be a non-negative number, got ""',
    );
    expect(() => parseSummaryColumns("id,x,t_x,T,zbar\n1,2.5,1,4,5\n")).toThrow(
      "line 2: x must be a whole number of repeat purchases, got 2.5",
    );
    expect(() => parseSummaryColumns("id,x,t_x,T,zbar\n\n")).toThrow("no data rows");
  });
});
