import { describe, expect, it } from "vitest";
import { rfmGrid, shade } from "./home-rfm";

describe("RFM grid", () => {
  it("puts recency 5 on the top row and frequency 1 in the first column, summing repeated cells", () => {
    const grid = rfmGrid([
      { r: 5, f: 5, customers: 4 },
      { r: 5, f: 5, customers: 1 },
      { r: 1, f: 1, customers: 2 },
      { r: 3, f: 2, customers: 7 },
    ]);
    expect(grid.recency).toEqual([5, 4, 3, 2, 1]);
    expect(grid.frequency).toEqual([1, 2, 3, 4, 5]);
    expect(grid.cells[0][4]).toBe(5);
    expect(grid.cells[4][0]).toBe(2);
    expect(grid.cells[2][1]).toBe(7);
    expect(grid).toMatchObject({ max: 7, total: 14 });
  });

  it("leaves out customers without scores (no orders) and is all zeros without data", () => {
    const grid = rfmGrid([{ r: null, f: null, customers: 9 }]);
    expect(grid.cells.flat()).toEqual(Array(25).fill(0));
    expect(grid).toMatchObject({ max: 1, total: 0 });
  });
});

describe("heat-map shade", () => {
  it("is 0 for an empty cell, 5 for the fullest, and at least 1 for any customer", () => {
    expect(shade(0, 100)).toBe(0);
    expect(shade(100, 100)).toBe(5);
    expect(shade(1, 100)).toBe(1);
    expect(shade(41, 100)).toBe(3);
    expect(shade(5, 0)).toBe(0);
  });
});
