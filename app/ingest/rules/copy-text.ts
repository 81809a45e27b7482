// PostgreSQL COPY text format: one line per row, tab-separated, \N for NULL, backslash escapes.
// Each column has a kind, so encoding is a fixed function per column (this runs per cell on
// millions of rows: no type dispatch in the loop).

export type ColumnKind = "text" | "number" | "bool" | "date" | "json" | "textArray";

export const NULL = "\\N";
const special = /[\\\t\n\r]/;

export function escapeText(text: string): string {
  if (!special.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

const arrayItem = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

const encoders: Record<ColumnKind, (value: unknown) => string> = {
  text: (v) => (v === null || v === undefined ? NULL : escapeText(v as string)),
  number: (v) => (v === null || v === undefined ? NULL : String(v as number | bigint)),
  bool: (v) => (v === null || v === undefined ? NULL : v ? "t" : "f"),
  date: (v) => (v === null || v === undefined ? NULL : (v as Date).toISOString()),
  json: (v) => (v === null || v === undefined ? NULL : escapeText(JSON.stringify(v))),
  textArray: (v) =>
    v === null || v === undefined ? NULL : escapeText(`{${(v as string[]).map(arrayItem).join(",")}}`),
};

export type Column<R> = readonly [keyof R & string, ColumnKind];

export function copyLines<R>(rows: readonly R[], columns: readonly Column<R>[]): string {
  const names = columns.map((c) => c[0]);
  const encode = columns.map((c) => encoders[c[1]]);
  const n = columns.length;
  const parts: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    let line = encode[0](row[names[0]]);
    for (let i = 1; i < n; i++) line += "\t" + encode[i](row[names[i]]);
    parts[r] = line;
  }
  return parts.length ? parts.join("\n") + "\n" : "";
}
