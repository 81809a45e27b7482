// Parses a customer summary CSV (columns id, x, t_x, T, zbar as in the CDNOW summary; any time
// unit, any column order, header names matched case-insensitively except t_x/T by letter case).
import type { CustomerSummary } from "./summary";

export class SummaryCsvError extends Error {}

export function parseSummaryCsv(text: string): CustomerSummary[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  const column = (name: string) => {
    let at = header.indexOf(name);
    if (at < 0) at = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (at < 0) throw new SummaryCsvError(`line 1: missing column "${name}" (expected id,x,t_x,T,zbar)`);
    return at;
  };
  const [ix, itx, iT, iz] = [column("x"), column("t_x"), column("T"), column("zbar")];
  column("id");
  const rows: CustomerSummary[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === "") continue;
    const cells = line.split(",");
    const value = (at: number, name: string) => {
      const raw = (cells[at] ?? "").trim();
      const v = Number(raw);
      if (raw === "" || !Number.isFinite(v) || v < 0)
        throw new SummaryCsvError(`line ${n + 1}: ${name} must be a non-negative number, got "${raw}"`);
      return v;
    };
    const row = { x: value(ix, "x"), tx: value(itx, "t_x"), T: value(iT, "T"), zbar: value(iz, "zbar") };
    if (!Number.isInteger(row.x))
      throw new SummaryCsvError(`line ${n + 1}: x must be a whole number of repeat purchases, got ${row.x}`);
    if (row.tx > row.T) throw new SummaryCsvError(`line ${n + 1}: t_x (${row.tx}) is after T (${row.T})`);
    if (row.x === 0 && row.tx !== 0) throw new SummaryCsvError(`line ${n + 1}: t_x must be 0 when x is 0`);
    rows.push(row);
  }
  if (rows.length === 0) throw new SummaryCsvError("no data rows");
  return rows;
}
