// Splitting a store's orders export into parts by id (decision 0219). Shopify hands out a bulk
// file only when the whole query is done, so one orders query leaves all of its ingest after the
// export. Parts run one after another, largest first: each is ingested while the next exports,
// and only the last, smallest one is ingested after the export ends. Order ids grow with time on
// Shopify, so the parts are stretches of the store's history.
import { newResourceState, type OrderPart, type ResourceState } from "./sync-state";

/** Shares of the id range, in the order the parts run: each at least half the one before, so
 * the ingest of a part (about half as long as its export) keeps up with the next export. */
export const ORDER_PART_SHARES = [0.4, 0.3, 0.2, 0.1] as const;

function part(from: bigint | null, to: bigint | null): OrderPart {
  return {
    from: from === null ? null : from.toString(),
    to: to === null ? null : to.toString(),
    ...newResourceState(),
  };
}

/**
 * Parts covering every order id: the first has no lower bound and the last no upper bound, so
 * orders created after the range was read still fall in the last part. One part when the store
 * has too few ids to split (or none).
 */
export function planOrderParts(
  oldest: bigint | null,
  newest: bigint | null,
  shares: readonly number[] = ORDER_PART_SHARES,
): OrderPart[] {
  if (oldest === null || newest === null || newest - oldest < BigInt(shares.length * 2)) return [part(null, null)];
  const span = newest - oldest;
  const cuts: bigint[] = [];
  let acc = 0;
  for (const share of shares.slice(0, -1)) {
    acc += share;
    cuts.push(oldest + (span * BigInt(Math.round(acc * 1000))) / 1000n);
  }
  return cuts.length === 0
    ? [part(null, null)]
    : [part(null, cuts[0] - 1n), ...cuts.map((cut, i) => part(cut, i + 1 < cuts.length ? cuts[i + 1] - 1n : null))];
}

/** The search filter of a part (`id:>=`, `id:<=` are the forms Shopify documents). */
export function orderPartFilter(p: Pick<OrderPart, "from" | "to">): string | null {
  const terms = [p.from === null ? null : `id:>=${p.from}`, p.to === null ? null : `id:<=${p.to}`].filter(
    (t): t is string => t !== null,
  );
  return terms.length === 0 ? null : terms.join(" AND ");
}

/** A part may start once the part before it has finished exporting (they run one at a time). */
export function mayStartPart(parts: readonly OrderPart[], index: number): boolean {
  const before = parts[index - 1];
  return before === undefined || before.done || before.status === "COMPLETED";
}

/**
 * The orders resource as the sum of its parts: done when all are; COMPLETED once every part's
 * export is; fresh as of the first part's start (the sync cursor must not pass any part's snapshot).
 */
export function ordersSummary(parts: readonly OrderPart[]): ResourceState {
  const snapshots = parts.map((p) => p.snapshotAt).filter((s): s is string => s !== null);
  const exported = parts.every((p) => p.done || p.status === "COMPLETED");
  return {
    bulkId: null,
    status: exported ? "COMPLETED" : (parts.find((p) => !p.done && p.status !== "COMPLETED")?.status ?? null),
    snapshotAt: snapshots.length === parts.length ? snapshots.sort()[0] : null,
    lines: 0,
    read: parts.reduce((n, p) => n + p.read, 0),
    written: parts.reduce((n, p) => n + p.written, 0),
    attempts: Math.max(0, ...parts.map((p) => p.attempts)),
    done: parts.every((p) => p.done),
  };
}
