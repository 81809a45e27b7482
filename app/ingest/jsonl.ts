// Splits a byte stream into lines without holding more than one chunk and one partial line.

export async function* readLines(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    let end = text.indexOf("\n", start);
    while (end !== -1) {
      if (end > start) yield text.slice(start, end);
      start = end + 1;
      end = text.indexOf("\n", start);
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest.trim().length > 0) yield rest;
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
 * passed over unparsed: it is always a root boundary from an earlier run.
 */
export async function* assembleBulk<T>(lines: AsyncIterable<string>, children: Record<string, string>, skip = 0): AsyncGenerator<BulkRoot<T>> {
  const fields = Object.values(children);
  let current: Json | undefined;
  let currentId = "";
  let line = 0;
  for await (const text of lines) {
    line++;
    if (line <= skip) continue;
    const object = JSON.parse(text) as Json;
    const parentId = object.__parentId;
    if (parentId === undefined) {
      if (current) yield { root: current as unknown as T, endLine: line - 1 };
      current = object;
      currentId = object.id ?? "";
      for (const field of fields) if (!Array.isArray(current[field])) current[field] = [];
      continue;
    }
    if (!current || parentId !== currentId) {
      throw new Error(`bulk output is not grouped: line ${line} belongs to ${parentId}, not to the preceding root ${currentId || "(none)"}`);
    }
    const id = object.id ?? "";
    const type = id.slice(id.lastIndexOf("/", id.lastIndexOf("/") - 1) + 1, id.lastIndexOf("/"));
    const field = children[type];
    if (!field) throw new Error(`bulk output has an unexpected child type ${type} at line ${line}`);
    delete object.__parentId;
    (current[field] as Json[]).push(object);
  }
  if (current) yield { root: current as unknown as T, endLine: line };
}
