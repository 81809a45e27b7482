// Home's RFM grid (pure): customers per (recency score, frequency score) cell, from the grouped
// profile counts of home-charts.server.ts.

/** RFM scores are quintiles 1..5 within the shop (app/profile/rules/rfm.ts). */
export const SCORES = [1, 2, 3, 4, 5] as const;

export interface RfmGrid {
  /** Recency scores top to bottom, most recent (5) first: the best customers sit top right. */
  recency: number[];
  /** Frequency scores left to right, 1 to 5. */
  frequency: number[];
  /** cells[i][j]: customers with recency[i] and frequency[j]. */
  cells: number[][];
  /** The fullest cell (at least 1, so shading never divides by 0). */
  max: number;
  total: number;
}

/** The 5 × 5 grid from (r, f, customers) counts; rows outside 1..5 (no orders: null) are left out. */
export function rfmGrid(rows: readonly { r: number | null; f: number | null; customers: number }[]): RfmGrid {
  const recency = [...SCORES].reverse();
  const frequency = [...SCORES];
  const cells = recency.map((r) =>
    frequency.map((f) => rows.filter((row) => row.r === r && row.f === f).reduce((sum, row) => sum + row.customers, 0)),
  );
  const all = cells.flat();
  return { recency, frequency, cells, max: Math.max(1, ...all), total: all.reduce((a, b) => a + b, 0) };
}

/** Shade 0 (empty) to 5 (the fullest cell) of a cell, for the heat map's colour. */
export function shade(customers: number, max: number): number {
  if (customers <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((Math.min(customers, max) / max) * 5));
}
