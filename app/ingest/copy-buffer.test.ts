import { describe, expect, it } from "vitest";
import { CopyBuffer } from "~/ingest/copy-buffer";

describe("CopyBuffer", () => {
  it("keeps every line, multi-byte characters included, across growth", () => {
    const buffer = new CopyBuffer(4);
    const lines = Array.from({ length: 500 }, (_, i) => `${i}\tünï€😀\t${"x".repeat(i % 37)}`);
    for (const l of lines) buffer.line(l);
    expect(buffer.rows).toBe(500);
    expect(buffer.contents().toString("utf8")).toBe(lines.join("\n") + "\n");
    expect(buffer.bytes).toBe(Buffer.byteLength(lines.join("\n") + "\n"));
  });
});
