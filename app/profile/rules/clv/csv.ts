// Parses a customer summary CSV (columns id, x, t_x, T, zbar as in the CDNOW summary; any time
// unit, any column order, header names matched case-insensitively except t_x/T by letter case).
// The file is read as bytes straight into columns: a plain decimal ("12", "38.86") is assembled from
// its digits (exact: at most 15 digits divided by a power of ten ≤ 10^22 is one correctly rounded
// division, the same double Number() gives); any other cell goes through Number() and the checks.
import type { CustomerSummary, SummaryColumns } from "./summary";

export class SummaryCsvError extends Error {}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const [COMMA, NL, CR, SPACE, TAB, DOT, ZERO, NINE] = [44, 10, 13, 32, 9, 46, 48, 57];

function header(bytes: Uint8Array, end: number): { ix: number; itx: number; iT: number; iz: number } {
  const names = new TextDecoder()
    .decode(bytes.subarray(0, end))
    .split(",")
    .map((h) => h.trim());
  const column = (name: string) => {
    let at = names.indexOf(name);
    if (at < 0) at = names.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (at < 0) throw new SummaryCsvError(`line 1: missing column "${name}" (expected id,x,t_x,T,zbar)`);
    return at;
  };
  const found = { ix: column("x"), itx: column("t_x"), iT: column("T"), iz: column("zbar") };
  column("id");
  return found;
}

export function parseSummaryColumns(input: Uint8Array | string): SummaryColumns {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const length = bytes.length;
  let headerEnd = bytes.indexOf(NL);
  if (headerEnd < 0) headerEnd = length;
  const { ix, itx, iT, iz } = header(bytes, headerEnd > 0 && bytes[headerEnd - 1] === CR ? headerEnd - 1 : headerEnd);
  const want = Math.max(ix, itx, iT, iz);
  let lines = 1;
  for (let i = bytes.indexOf(NL); i >= 0; i = bytes.indexOf(NL, i + 1)) lines++;
  // The name of each column up to the last one read ("" for a column that is not read).
  const named = Array.from({ length: want + 1 }, (_, c) =>
    c === ix ? "x" : c === itx ? "t_x" : c === iT ? "T" : c === iz ? "zbar" : "",
  );
  // A data row per line at most.
  const cols = {
    x: new Float64Array(lines),
    tx: new Float64Array(lines),
    T: new Float64Array(lines),
    zbar: new Float64Array(lines),
  };
  const cell = new Float64Array(want + 1);
  let rows = 0;
  let lineNo = 1;
  let at = headerEnd + 1;
  while (at < length) {
    lineNo++;
    let end = bytes.indexOf(NL, at);
    if (end < 0) end = length;
    let blank = true;
    for (let i = at; i < end && blank; i++) if (bytes[i] > SPACE) blank = false;
    if (!blank) {
      let c = 0;
      let start = at;
      for (let i = at; i <= end && c <= want; i++) {
        if (i === end || bytes[i] === COMMA) {
          cell[c] = number(bytes, start, i, lineNo, named[c]);
          c++;
          start = i + 1;
        }
      }
      for (; c <= want; c++) cell[c] = number(bytes, end, end, lineNo, named[c]);
      const x = cell[ix];
      const tx = cell[itx];
      const T = cell[iT];
      if (!Number.isInteger(x))
        throw new SummaryCsvError(`line ${lineNo}: x must be a whole number of repeat purchases, got ${x}`);
      if (tx > T) throw new SummaryCsvError(`line ${lineNo}: t_x (${tx}) is after T (${T})`);
      if (x === 0 && tx !== 0) throw new SummaryCsvError(`line ${lineNo}: t_x must be 0 when x is 0`);
      cols.x[rows] = x;
      cols.tx[rows] = tx;
      cols.T[rows] = T;
      cols.zbar[rows] = cell[iz];
      rows++;
    }
    at = end + 1;
  }
  if (rows === 0) throw new SummaryCsvError("no data rows");
  return {
    x: cols.x.subarray(0, rows),
    tx: cols.tx.subarray(0, rows),
    T: cols.T.subarray(0, rows),
    zbar: cols.zbar.subarray(0, rows),
  };
}

/** The cell bytes[from, to) as a non-negative number; an unnamed (unused) column is not read. */
function number(bytes: Uint8Array, from: number, to: number, lineNo: number, name: string): number {
  if (name === "") return 0;
  while (from < to && (bytes[from] === SPACE || bytes[from] === TAB)) from++;
  while (to > from && (bytes[to - 1] === SPACE || bytes[to - 1] === TAB || bytes[to - 1] === CR)) to--;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  let i = from;
  for (; i < to; i++) {
    const b = bytes[i];
    if (b >= ZERO && b <= NINE) {
      mantissa = mantissa * 10 + (b - ZERO);
      if (mantissa > 0) digits++;
      if (decimals >= 0) decimals++;
    } else if (b === DOT && decimals < 0) decimals = 0;
    else break;
  }
  const plain = i === to && to > from && (to - from > 1 || decimals < 0) && digits <= 15 && decimals <= 22;
  if (plain) return decimals > 0 ? mantissa / POW10[decimals] : mantissa;
  const raw = new TextDecoder().decode(bytes.subarray(from, to));
  const v = Number(raw);
  if (raw === "" || !Number.isFinite(v) || v < 0)
    throw new SummaryCsvError(`line ${lineNo}: ${name} must be a non-negative number, got "${raw}"`);
  return v;
}

/** Row objects, for callers that want them (tests, small files). */
export function parseSummaryCsv(text: string): CustomerSummary[] {
  const c = parseSummaryColumns(text);
  return Array.from(c.x, (x, i) => ({ x, tx: c.tx[i], T: c.T[i], zbar: c.zbar[i] }));
}
