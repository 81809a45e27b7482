import { describe, expect, it } from "vitest";
import { assembleBulk, readLineBatches } from "~/ingest/rules/jsonl";

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function flatRoots<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  return (await collect(source)).flat();
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const file = [
  `{"id":"gid://shopify/Order/1","name":"#1 ünïcode"}`,
  `{"id":"gid://shopify/LineItem/11","quantity":1,"__parentId":"gid://shopify/Order/1"}`,
  `{"id":"gid://shopify/Return/12","status":"OPEN","__parentId":"gid://shopify/Order/1"}`,
  `{"id":"gid://shopify/Order/2","name":"#2"}`,
  `{"id":"gid://shopify/Order/3","name":"#3"}`,
  `{"id":"gid://shopify/LineItem/31","quantity":2,"__parentId":"gid://shopify/Order/3"}`,
].join("\n");

const readLines = async (source: AsyncIterable<Uint8Array>): Promise<string[]> =>
  (await collect(readLineBatches(source))).flat();

describe("readLineBatches, line by line", () => {
  it("splits lines across any chunk boundary, multi-byte characters included", async () => {
    for (const size of [1, 3, 7, 64, 10_000]) {
      expect(await readLines(chunks(`${file}\n`, size))).toEqual(file.split("\n"));
    }
  });

  it("keeps a last line without newline and skips blank lines", async () => {
    expect(await readLines(chunks("a\n\nb", 2))).toEqual(["a", "b"]);
  });
});

describe("readLineBatches", () => {
  it("gives whole lines per chunk, cut at the chunk's last newline", async () => {
    expect(await collect(readLineBatches(chunks("ab\ncd\nef\n\ngh", 7)))).toEqual([["ab", "cd"], ["ef"], ["gh"]]);
    for (const size of [1, 4, 33, 10_000])
      expect((await collect(readLineBatches(chunks(`${file}\n`, size)))).flat()).toEqual(file.split("\n"));
  });
});

describe("assembleBulk", () => {
  const children = { LineItem: "lineItems", Return: "returns" };

  it("attaches children to their parent and reports the resume point after each root", async () => {
    const roots = await flatRoots(
      assembleBulk<{ id: string; lineItems: { id: string }[]; returns: unknown[] }>(
        readLineBatches(chunks(file, 5)),
        children,
      ),
    );
    expect(roots.map((r) => [r.root.id, r.root.lineItems.map((l) => l.id), r.root.returns.length, r.endLine])).toEqual([
      ["gid://shopify/Order/1", ["gid://shopify/LineItem/11"], 1, 3],
      ["gid://shopify/Order/2", [], 0, 4],
      ["gid://shopify/Order/3", ["gid://shopify/LineItem/31"], 0, 6],
    ]);
    expect(roots[0].root.lineItems[0]).not.toHaveProperty("__parentId");
  });

  it("gives the same roots whatever the chunking, skip included", async () => {
    const expected = (
      await flatRoots(assembleBulk<{ id: string }>(readLineBatches(chunks(file, 10_000)), children, 3))
    ).map((r) => [r.root.id, r.endLine]);
    for (const size of [1, 2, 13, 40]) {
      expect(
        (await flatRoots(assembleBulk<{ id: string }>(readLineBatches(chunks(file, size)), children, 3))).map((r) => [
          r.root.id,
          r.endLine,
        ]),
      ).toEqual(expected);
    }
  });

  it("resumes after a committed root boundary", async () => {
    const roots = await flatRoots(assembleBulk<{ id: string }>(readLineBatches(chunks(file, 9)), children, 3));
    expect(roots.map((r) => r.root.id)).toEqual(["gid://shopify/Order/2", "gid://shopify/Order/3"]);
  });

  it("refuses output whose children do not follow their parent", async () => {
    const shuffled = [file.split("\n")[3], file.split("\n")[1]].join("\n");
    await expect(flatRoots(assembleBulk(readLineBatches(chunks(shuffled, 50)), children))).rejects.toThrow(
      /not grouped/,
    );
  });
});
