import { describe, expect, it } from "vitest";
import { predictionCopyChunks } from "./pred-copy";

/** Reads a binary COPY stream of (int4, int4, int4, float8, float8, float8, float8) rows back. */
function decode(buf: Buffer): number[][] {
  expect(buf.subarray(0, 11).toString("latin1")).toBe("PGCOPY\n\xff\r\n\0");
  expect(buf.readInt32BE(11)).toBe(0);
  expect(buf.readInt32BE(15)).toBe(0);
  const rows: number[][] = [];
  let o = 19;
  for (;;) {
    const fields = buf.readInt16BE(o);
    o += 2;
    if (fields === -1) break;
    expect(fields).toBe(7);
    const row: number[] = [];
    for (let f = 0; f < 7; f++) {
      const len = buf.readInt32BE(o);
      o += 4;
      row.push(len === 4 ? buf.readInt32BE(o) : buf.readDoubleBE(o));
      expect(len).toBe(f < 3 ? 4 : 8);
      o += len;
    }
    rows.push(row);
  }
  expect(o).toBe(buf.length);
  return rows;
}

describe("prediction COPY in binary", () => {
  it("carries every value exactly, across chunk boundaries", () => {
    const cols = {
      x: [0, 3, 12],
      tx: [0, 40, 300],
      T: [5, 90, 1000],
      ey: [0.1 + 0.2, 1e-300, Math.PI],
      pa: [1, 0.5, Number.MIN_VALUE],
      disc: [2 / 3, 0, 123456.789],
      e90: [0.01, 1 / 3, 7e10],
    };
    const chunks = [...predictionCopyChunks(cols, 2)];
    expect(chunks).toHaveLength(4); // header, 2 + 1 rows, trailer
    expect(decode(Buffer.concat(chunks))).toEqual(
      [0, 1, 2].map((i) => [cols.x[i], cols.tx[i], cols.T[i], cols.ey[i], cols.pa[i], cols.disc[i], cols.e90[i]]),
    );
  });

  it("is a valid empty stream with no groups", () => {
    expect(
      decode(Buffer.concat([...predictionCopyChunks({ x: [], tx: [], T: [], ey: [], pa: [], disc: [], e90: [] })])),
    ).toEqual([]);
  });
});
