// PostgreSQL COPY text format: one line per row, tab-separated, \N for NULL, backslash escapes.

type Cell = string | number | bigint | boolean | Date | null | undefined | string[] | Record<string, unknown>;

const special = /[\\\t\n\r]/;

function escapeText(text: string): string {
  if (!special.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

function arrayLiteral(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

export function copyCell(value: Cell): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "string") return escapeText(value);
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeText(arrayLiteral(value));
  return escapeText(JSON.stringify(value));
}

export function copyLines<R>(rows: R[], columns: readonly (keyof R & string)[]): string {
  let out = "";
  for (const row of rows) {
    let line = "";
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += "\t";
      line += copyCell(row[columns[i]] as Cell);
    }
    out += `${line}\n`;
  }
  return out;
}
