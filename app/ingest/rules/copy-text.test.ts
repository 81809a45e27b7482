import { describe, expect, it } from "vitest";
import { copyLines } from "~/ingest/rules/copy-text";

describe("copyLines", () => {
  it("encodes each kind in PostgreSQL's COPY text format", () => {
    const rows = [
      {
        id: 1n,
        name: "tab\there\\back\nline",
        at: new Date("2026-01-02T03:04:05.678Z"),
        ok: true,
        tags: ['a"b', "c\\d", "e,f"],
        json: { k: "v\t" },
        none: null,
      },
      { id: 2n, name: "", at: null, ok: false, tags: [], json: null, none: null },
    ];
    const text = copyLines(rows, [
      ["id", "number"],
      ["name", "text"],
      ["at", "date"],
      ["ok", "bool"],
      ["tags", "textArray"],
      ["json", "json"],
      ["none", "text"],
    ]);
    expect(text.split("\n")).toEqual([
      `1\ttab\\there\\\\back\\nline\t2026-01-02T03:04:05.678Z\tt\t{"a\\\\"b","c\\\\\\\\d","e,f"}\t{"k":"v\\\\t"}\t\\N`,
      `2\t\t\\N\tf\t{}\t\\N\t\\N`,
      "",
    ]);
  });
});
