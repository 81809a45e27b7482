// Streams one bulk result file into the store: download → lines → objects → rows → batches.
// One batch is written while the next is parsed; each batch commits together with its
// checkpoint (lines consumed), so a killed worker resumes exactly after the last commit.
import type pg from "pg";
import type { GqlCustomer, GqlOrder, GqlProduct } from "~/ingest/graphql-types";
import { assembleBulk, readLines } from "~/ingest/jsonl";
import { addCustomer, addOrder, addProduct } from "~/ingest/map-graphql";
import { batchSize, emptyBatch, type RowBatch } from "~/ingest/rows";
import { bulkChildren } from "~/ingest/bulk.server";
import type { BulkResource } from "~/ingest/sync-state";
import { writeBatch } from "~/ingest/writers.server";

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
  /** Runs inside each batch's transaction with the new position and counts. */
  checkpoint: (client: pg.PoolClient, progress: { lines: number; read: number; written: number }) => Promise<void>;
  signal?: AbortSignal;
}

export interface BulkIngestResult {
  lines: number;
  read: number;
  written: number;
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

function addRoot(batch: RowBatch, options: BulkIngestOptions, root: unknown): void {
  if (options.resource === "orders") addOrder(batch, options.shop, root as GqlOrder, options.snapshotAt);
  else if (options.resource === "customers") addCustomer(batch, options.shop, root as GqlCustomer);
  else addProduct(batch, options.shop, root as GqlProduct);
}

export async function ingestBulkFile(options: BulkIngestOptions): Promise<BulkIngestResult> {
  const response = await (options.fetch ?? fetch)(options.url, { signal: options.signal });
  if (!response.ok || !response.body) throw new Error(`bulk file download failed: HTTP ${response.status}`);
  const limit = options.batchRows ?? 10_000;
  let batch = emptyBatch();
  let rows = 0;
  let lines = options.skipLines;
  let read = 0;
  let written = 0;
  let inflight: Promise<void> = Promise.resolve();
  let failure: unknown;

  const flush = async (endLine: number, objects: number): Promise<void> => {
    const toWrite = batch;
    batch = emptyBatch();
    rows = 0;
    await inflight;
    if (failure) throw failure;
    inflight = writeBatch(options.pool, toWrite, {
      asyncCommit: true,
      after: async (client, result) => {
        await options.checkpoint(client, { lines: endLine, read: read + objects, written: written + total(result.written) });
      },
    }).then(
      (result) => {
        lines = endLine;
        read += objects;
        written += total(result.written);
      },
      (error: unknown) => {
        failure = error;
      },
    );
  };

  let objects = 0;
  let lastEnd = options.skipLines;
  for await (const { root, endLine } of assembleBulk(readLines(response.body), bulkChildren[options.resource], options.skipLines)) {
    addRoot(batch, options, root);
    objects += endLine - lastEnd;
    lastEnd = endLine;
    rows = batchSize(batch);
    if (rows >= limit) {
      await flush(endLine, objects);
      objects = 0;
    }
  }
  if (rows > 0 || objects > 0) await flush(lastEnd, objects);
  await inflight;
  if (failure) throw failure;
  return { lines, read, written };
}
