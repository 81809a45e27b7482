// Parses a customer summary CSV (columns id, x, t_x, T, zbar as in the CDNOW summary; any time
// unit, any column order, header names matched case-insensitively except t_x/T by letter case).
// The file is read as bytes straight into columns: a plain decimal ("12", "38.86") is assembled from
// its digits (exact: at most 15 digits divided by a power of ten ≤ 10^22 is one correctly rounded
// division, the same double Number() gives); any other cell goes through Number() and the checks.
import type { CustomerSummary, SummaryColumns } from "./summary";

export class SummaryCsvError extends Error {}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const [COMMA, NL, CR, SPACE, DOT, ZERO, NINE] = [44, 10, 13, 32, 46, 48, 57];

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

const NAMES = ["x", "t_x", "T", "zbar"] as const;

/** Columns sized for `rows`, keeping the first `used` rows of `from`. */
function columns(rows: number, from?: SummaryColumns, used = 0): SummaryColumns {
  const make = (old?: Float64Array) => {
    const next = new Float64Array(rows);
    if (old) next.set(old.subarray(0, used));
    return next;
  };
  return { x: make(from?.x), tx: make(from?.tx), T: make(from?.T), zbar: make(from?.zbar) };
}

/**
 * One pass over the bytes, a tight loop per cell: digits [. digits] followed by the cell's end.
 * A cell that is anything else (spaces, a sign, an exponent, too many digits to be exact) is
 * handed to `slowCell`, which reads it as the line-splitting reader did (trim, Number(), checks).
 */
export function parseSummaryColumns(input: Uint8Array | string): SummaryColumns {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const length = bytes.length;
  let headerEnd = bytes.indexOf(NL);
  if (headerEnd < 0) headerEnd = length;
  const { ix, itx, iT, iz } = header(bytes, headerEnd > 0 && bytes[headerEnd - 1] === CR ? headerEnd - 1 : headerEnd);
  const want = Math.max(ix, itx, iT, iz);
  // Which of x, t_x, T, zbar each column up to the last one read holds (-1: not read).
  const role = new Int8Array(want + 1).fill(-1);
  [ix, itx, iT, iz].forEach((column, k) => (role[column] = k));
  let cols = columns(Math.max(16, length >> 4));
  const row = new Float64Array(4);
  let rows = 0;
  let lineNo = 1;
  let i = headerEnd + 1;
  while (i < length) {
    lineNo++;
    if (bytes[i] <= SPACE) {
      // Possibly a whitespace-only line: skipped, as before.
      let j = i;
      while (j < length && bytes[j] !== NL && bytes[j] <= SPACE) j++;
      if (j >= length || bytes[j] === NL) {
        i = j + 1;
        continue;
      }
    }
    for (let c = 0; c <= want; c++) {
      const k = role[c];
      const start = i;
      if (k < 0) {
        while (i < length && bytes[i] !== COMMA && bytes[i] !== NL) i++;
      } else {
        let mantissa = 0;
        let b: number;
        while (i < length && (b = bytes[i]) >= ZERO && b <= NINE) {
          mantissa = mantissa * 10 + (b - ZERO);
          i++;
        }
        let decimals = 0;
        const dot = i < length && bytes[i] === DOT;
        if (dot) {
          const from = ++i;
          while (i < length && (b = bytes[i]) >= ZERO && b <= NINE) {
            mantissa = mantissa * 10 + (b - ZERO);
            i++;
          }
          decimals = i - from;
        }
        const digits = i - start - (dot ? 1 : 0);
        const end = i < length ? bytes[i] : NL;
        const ends = end === COMMA || end === NL || (end === CR && (i + 1 >= length || bytes[i + 1] === NL));
        if (ends && digits > 0 && digits <= 15) row[k] = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
        else {
          while (i < length && bytes[i] !== COMMA && bytes[i] !== NL) i++;
          row[k] = slowCell(bytes, start, i, lineNo, NAMES[k]);
        }
      }
      if (c === want) break;
      if (i < length && bytes[i] === COMMA) i++;
      else {
        // A short line: the first missing column read fails as an empty cell would.
        for (let rest = c + 1; rest <= want; rest++)
          if (role[rest] >= 0) slowCell(bytes, i, i, lineNo, NAMES[role[rest]]);
        break;
      }
    }
    while (i < length && bytes[i] !== NL) i++;
    i++;
    checkRow(row, lineNo);
    if (rows === cols.x.length) cols = columns(rows * 2, cols, rows);
    cols.x[rows] = row[0];
    cols.tx[rows] = row[1];
    cols.T[rows] = row[2];
    cols.zbar[rows] = row[3];
    rows++;
  }
  if (rows === 0) throw new SummaryCsvError("no data rows");
  return {
    x: cols.x.subarray(0, rows),
    tx: cols.tx.subarray(0, rows),
    T: cols.T.subarray(0, rows),
    zbar: cols.zbar.subarray(0, rows),
  };
}

function checkRow(row: Float64Array, lineNo: number): void {
  const x = row[0];
  const tx = row[1];
  const T = row[2];
  if (!Number.isInteger(x))
    throw new SummaryCsvError(`line ${lineNo}: x must be a whole number of repeat purchases, got ${x}`);
  if (tx > T) throw new SummaryCsvError(`line ${lineNo}: t_x (${tx}) is after T (${T})`);
  if (x === 0 && tx !== 0) throw new SummaryCsvError(`line ${lineNo}: t_x must be 0 when x is 0`);
}

/** The cell bytes[from, to) through Number(), with the original checks and messages. */
function slowCell(bytes: Uint8Array, from: number, to: number, lineNo: number, name: string): number {
  const raw = new TextDecoder().decode(bytes.subarray(from, to)).trim();
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
