// Relay connections as Shopify serves them: first/last/after/before, reverse, nodes and edges,
// opaque cursors that encode the sort key so pages stay stable while data changes.

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export type SortKey = [number | string, number];

export const encodeCursor = (key: SortKey): string => Buffer.from(JSON.stringify({ k: key })).toString("base64url");

export function decodeCursor(cursor: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { k: SortKey };
    if (Array.isArray(parsed.k) && parsed.k.length === 2) return parsed.k;
  } catch {
    /* fall through */
  }
  throw new UserFacingError(`Invalid cursor for current pagination sort.`);
}

export class UserFacingError extends Error {}

export function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return a[1] - b[1];
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function pageSize(args: PageArgs): { count: number; fromEnd: boolean } {
  if (args.first != null && args.last != null)
    throw new UserFacingError("Passing both `first` and `last` to paginate a connection is not supported.");
  const n = args.first ?? args.last;
  if (n == null) throw new UserFacingError("you must provide one of first or last");
  if (n > 250) throw new UserFacingError("The first or last argument must be at most 250.");
  return { count: Math.max(0, n), fromEnd: args.last != null };
}

/** Pages a list of items already sorted ascending by key. */
export function connectionFromSorted<T, N>(
  items: T[],
  keyOf: (t: T) => SortKey,
  args: PageArgs,
  toNode: (t: T) => N,
): Connection<N> {
  const { count, fromEnd } = pageSize(args);
  let list = args.reverse ? [...items].reverse() : items;
  const cmp = (a: SortKey, b: SortKey): number => (args.reverse ? -compareKeys(a, b) : compareKeys(a, b));
  const hadBefore = { value: false };
  if (args.after) {
    const k = decodeCursor(args.after);
    const start = list.findIndex((t) => cmp(keyOf(t), k) > 0);
    hadBefore.value = start !== 0;
    list = start < 0 ? [] : list.slice(start);
  }
  let hadAfter = false;
  if (args.before) {
    const k = decodeCursor(args.before);
    const end = list.findIndex((t) => cmp(keyOf(t), k) >= 0);
    if (end >= 0) {
      hadAfter = true;
      list = list.slice(0, end);
    }
  }
  const page = fromEnd ? list.slice(Math.max(0, list.length - count)) : list.slice(0, count);
  const hasNextPage = fromEnd ? hadAfter : list.length > count;
  const hasPreviousPage = fromEnd ? list.length > count : hadBefore.value;
  return build(page, keyOf, toNode, hasNextPage, hasPreviousPage);
}

export function build<T, N>(
  page: T[],
  keyOf: (t: T) => SortKey,
  toNode: (t: T) => N,
  hasNextPage: boolean,
  hasPreviousPage: boolean,
): Connection<N> {
  const nodes = page.map(toNode);
  // Cursors are encoded only when read: bulk exports page through millions of edges.
  const edges = page.map((t, i) => ({
    get cursor() {
      return encodeCursor(keyOf(t));
    },
    node: nodes[i],
  }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: page.length ? encodeCursor(keyOf(page[0])) : null,
      endCursor: page.length ? encodeCursor(keyOf(page[page.length - 1])) : null,
    },
  };
}
