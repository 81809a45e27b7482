// Splits a byte stream into lines without holding more than one chunk and one partial line.
// Lines come in arrays, one per network chunk: an async generator step per line cost more than
// the JSON.parse of a typical bulk line (docs/decisions/0085-bulk-write-path.md).

export async function* readLineBatches(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const cut = text.lastIndexOf("\n");
    if (cut === -1) {
      rest = text;
      continue;
    }
    rest = text.slice(cut + 1);
    const lines = text.slice(0, cut).split("\n");
    yield lines.some((l) => l.length === 0) ? lines.filter((l) => l.length > 0) : lines;
  }
  rest += decoder.decode();
  if (rest.trim().length > 0) yield [rest];
}

export interface BulkRoot<T> {
  root: T;
  /** Lines consumed once this root and its children are complete: the resume point after it. */
  endLine: number;
}

type Json = Record<string, unknown> & { id?: string; __parentId?: string };

/**
 * Rebuilds parent/child objects from bulk JSONL (children carry __parentId and follow their
 * parent: we run bulk queries with groupObjects: true). `children` maps a child's gid type to
 * the array field it joins on the parent, e.g. {LineItem: "lineItems"}. `skip` lines are
 * passed over unparsed: it is always a root boundary from an earlier run. Yields the roots
 * completed by each batch of lines (possibly none); the last root comes once input ends.
 */
export async function* assembleBulk<T>(
  batches: AsyncIterable<string[]>,
  children: Record<string, string>,
  skip = 0,
): AsyncGenerator<BulkRoot<T>[]> {
  const fields = Object.values(children);
  let current: Json | undefined;
  let currentId = "";
  let line = 0;
  for await (const texts of batches) {
    const done: BulkRoot<T>[] = [];
    let i = 0;
    if (line < skip) {
      i = Math.min(texts.length, skip - line);
      line += i;
    }
    for (; i < texts.length; i++) {
      line++;
      const object = JSON.parse(texts[i]) as Json;
      const parentId = object.__parentId;
      if (parentId === undefined) {
        if (current) done.push({ root: current as unknown as T, endLine: line - 1 });
        current = object;
        currentId = object.id ?? "";
        for (const field of fields) if (!Array.isArray(current[field])) current[field] = [];
        continue;
      }
      if (!current || parentId !== currentId) {
        throw new Error(
          `bulk output is not grouped: line ${line} belongs to ${parentId}, not to the preceding root ${currentId || "(none)"}`,
        );
      }
      const id = object.id ?? "";
      const end = id.lastIndexOf("/");
      const type = id.slice(id.lastIndexOf("/", end - 1) + 1, end);
      const field = children[type];
      if (!field) throw new Error(`bulk output has an unexpected child type ${type} at line ${line}`);
      delete object.__parentId;
      (current[field] as Json[]).push(object);
    }
    if (done.length > 0) yield done;
  }
  if (current) yield [{ root: current as unknown as T, endLine: line }];
}
