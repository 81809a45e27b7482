import { describe, expect, it } from "vitest";
import { CopyBuffer } from "~/ingest/rules/copy-buffer";

describe("CopyBuffer", () => {
  it("keeps every line, multi-byte characters included, across chunks", () => {
    const buffer = new CopyBuffer();
    const lines = Array.from({ length: 5000 }, (_, i) => `${i}\tünï€😀\t${"x".repeat(i % 37)}`);
    for (const l of lines) buffer.line(l);
    expect(buffer.rows).toBe(5000);
    expect(buffer.contents().toString("utf8")).toBe(lines.join("\n") + "\n");
    expect(buffer.chunks().length).toBeGreaterThan(1);
  });
});
