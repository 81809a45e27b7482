// Streams one bulk result file into the store: download → line batches → objects → COPY text →
// batches. Two batches are written at once on two connections while the next is parsed; they
// commit in file order, each together with its checkpoint (lines consumed), so a killed worker
// resumes exactly after the last commit (docs/decisions/0085-bulk-write-path.md).
import type pg from "pg";
import { bulkChildren } from "~/ingest/bulk.server";
import { escapeText } from "~/ingest/rules/copy-text";
import type { GqlCustomer, GqlOrder, GqlProduct } from "~/ingest/rules/graphql-types";
import { assembleBulk, readLineBatches } from "~/ingest/rules/jsonl";
import { addCustomer, addProduct } from "~/ingest/rules/map-graphql";
import { addOrderCopy, emptyOrderCopy, orderCopyRows, type OrderCopy } from "~/ingest/rules/order-copy";
import { deleteRemovedLines } from "~/ingest/order-lines.server";
import { OrderedCommits } from "~/ingest/rules/ordered-commits";
import { batchSize, emptyBatch } from "~/ingest/rules/rows";
import type { BulkResource } from "~/ingest/rules/sync-state";
import { writeBulkBatch, type BulkPayload } from "~/ingest/writers.server";

export interface BulkIngestOptions {
  pool: pg.Pool;
  shop: string;
  resource: BulkResource;
  url: string;
  /** Lines already committed by an earlier attempt. */
  skipLines: number;
  /** Version stamp for returns read in this snapshot. */
  snapshotAt: Date;
  fetch?: typeof fetch;
  /** Rows per batch (a batch always ends at a root boundary). */
  batchRows?: number;
  /** Batches written at once, each on its own pooled connection (default 2). */
  writers?: number;
  /**
   * Runs inside each batch's transaction with the new position and counts, and the ids of the
   * batch's orders to read again (order-copy.ts `reread`).
   */
  checkpoint: (
    client: pg.PoolClient,
    progress: { lines: number; read: number; written: number; reread: readonly string[] },
  ) => Promise<void>;
  signal?: AbortSignal;
}

export interface BulkIngestResult {
  lines: number;
  read: number;
  written: number;
  /** Batches committed by COPY straight into the tables, and by the versioned upsert. */
  batches: { direct: number; upsert: number };
}

interface Collector {
  add: (root: unknown) => void;
  rows: () => number;
  take: () => { payload: BulkPayload; reread: readonly string[]; removed: OrderCopy["removed"] | null };
}

// Orders (nearly all of a store's rows) go straight to COPY text; customers and products, far
// fewer, keep the row objects of map-graphql.ts.
function collectorFor(options: BulkIngestOptions): Collector {
  if (options.resource === "orders") {
    const shop = escapeText(options.shop);
    const syncedAt = options.snapshotAt.toISOString();
    let out = emptyOrderCopy();
    return {
      add: (root) => addOrderCopy(out, shop, root as GqlOrder, syncedAt),
      rows: () => orderCopyRows(out),
      take: () => {
        const copy = out;
        out = emptyOrderCopy();
        return { payload: { copy }, reread: copy.reread, removed: copy.removed };
      },
    };
  }
  let batch = emptyBatch();
  const add =
    options.resource === "customers"
      ? (root: unknown) => addCustomer(batch, options.shop, root as GqlCustomer)
      : (root: unknown) => addProduct(batch, options.shop, root as GqlProduct);
  return {
    add,
    rows: () => batchSize(batch),
    take: () => {
      const rows = batch;
      batch = emptyBatch();
      return { payload: { rows }, reread: [], removed: null };
    },
  };
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
// After a batch met existing rows, later batches go to the upsert path at once, trying the
// direct path again every few batches (a file may be new again after an overlapping stretch).
const PROBE_EVERY = 8;

export async function ingestBulkFile(options: BulkIngestOptions): Promise<BulkIngestResult> {
  const response = await (options.fetch ?? fetch)(options.url, { signal: options.signal });
  if (!response.ok || !response.body) throw new Error(`bulk file download failed: HTTP ${response.status}`);
  const limit = options.batchRows ?? 20_000;
  const collector = collectorFor(options);
  const commits = new OrderedCommits<BulkIngestResult>(
    { lines: options.skipLines, read: 0, written: 0, batches: { direct: 0, upsert: 0 } },
    options.writers ?? 2,
  );
  let direct = true;
  let sinceConflict = 0;

  const flush = async (endLine: number, objects: number): Promise<void> => {
    const { payload, reread, removed } = collector.take();
    const tryDirect = direct || ++sinceConflict % PROBE_EVERY === 0;
    await commits.submit(async (previous) => {
      let progress: BulkIngestResult | undefined;
      const outcome = await writeBulkBatch(options.pool, payload, {
        direct: tryDirect,
        after: async (client, result) => {
          if (removed) await deleteRemovedLines(client, options.shop, removed);
          const before = await previous;
          progress = {
            lines: endLine,
            read: before.read + objects,
            written: before.written + total(result.written),
            batches: { ...before.batches },
          };
          await options.checkpoint(client, {
            lines: progress.lines,
            read: progress.read,
            written: progress.written,
            reread,
          });
        },
      });
      if (tryDirect) direct = outcome.direct;
      progress!.batches[outcome.direct ? "direct" : "upsert"]++;
      return progress!;
    });
  };

  let objects = 0;
  let lastEnd = options.skipLines;
  try {
    for await (const roots of assembleBulk(
      readLineBatches(response.body),
      bulkChildren[options.resource],
      options.skipLines,
    )) {
      for (const { root, endLine } of roots) {
        collector.add(root);
        objects += endLine - lastEnd;
        lastEnd = endLine;
        if (collector.rows() >= limit) {
          await flush(endLine, objects);
          objects = 0;
        }
      }
    }
    if (collector.rows() > 0 || objects > 0) await flush(lastEnd, objects);
  } catch (error) {
    // The download or the parse died: let the batches in flight commit or roll back before the
    // caller looks at the checkpoint to resume from.
    await commits.finish().catch(() => undefined);
    throw error;
  }
  return commits.finish();
}
