// Set-based writes: each table's rows go by COPY into a session temp table, then one
// INSERT … ON CONFLICT DO UPDATE moves them in, keeping the newer version
// (docs/decisions/0042-ingest-writes.md). Children are taken only if the parent snapshot they
// came with is the one now stored, so a stale event cannot overwrite newer line items.
// Bulk batches may instead go straight into the tables (docs/decisions/0085-bulk-write-path.md).
import type pg from "pg";
import { copyInto, inTransaction } from "~/db.server";
import type { CopyBuffer } from "~/ingest/rules/copy-buffer";
import { copyLines } from "~/ingest/rules/copy-text";
import type { RowBatch } from "~/ingest/rules/rows";
import { prepared, type Prepared } from "~/ingest/rules/write-specs";

export type WriteCounts = Record<keyof RowBatch, number>;

export interface WriteResult {
  written: WriteCounts;
  /** Rows of the parent tables that were inserted or updated (only with `returning`). */
  accepted: Partial<
    Record<"orders" | "customers" | "products" | "returns", { id: bigint; customerId: bigint | null }[]>
  >;
}

/** Writes one batch on a client that is already inside a transaction. */
export interface WriteOptions {
  returning?: boolean;
  /** Customer rows from profile webhooks: only the profile columns are written (write-specs). */
  customerProfileOnly?: boolean;
}

const emptyCounts = (): WriteCounts => ({
  customers: 0,
  products: 0,
  variants: 0,
  orders: 0,
  lineItems: 0,
  refunds: 0,
  returns: 0,
  returnLineItems: 0,
});

export async function writeRows(
  client: pg.PoolClient,
  batch: RowBatch,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const written = emptyCounts();
  const accepted: WriteResult["accepted"] = {};
  for (const sql of prepared) {
    const key = sql.spec.key;
    const rows = batch[key] as unknown as Record<string, unknown>[];
    if (rows.length === 0) continue;
    await client.query(sql.temp);
    await copyInto(client, sql.copyTempRows, copyLines(rows, sql.rowColumns));
    const returning = Boolean(options.returning) && !sql.spec.parent;
    const statement = returning
      ? sql.upsertReturning
      : options.customerProfileOnly && sql.upsertProfile
        ? sql.upsertProfile
        : sql.upsert;
    const result = await client.query<{ id: string; customerId: string | null }>(statement);
    written[key] = result.rowCount ?? 0;
    if (returning) {
      accepted[key as "orders"] = result.rows.map((r) => ({
        id: BigInt(r.id),
        customerId: r.customerId === null ? null : BigInt(r.customerId),
      }));
    }
  }
  return { written, accepted };
}

/** One transaction: `before` (e.g. a row lock), the batch, then `after` (e.g. a checkpoint), committed together. */
export async function writeBatch(
  pool: pg.Pool,
  batch: RowBatch,
  options: WriteOptions & {
    before?: (client: pg.PoolClient) => Promise<void>;
    after?: (client: pg.PoolClient, result: WriteResult) => Promise<void>;
  } = {},
): Promise<WriteResult> {
  return inTransaction(pool, async (client) => {
    if (options.before) await options.before(client);
    const result = await writeRows(client, batch, options);
    if (options.after) await options.after(client, result);
    return result;
  });
}

/**
 * A batch of a bulk file: row objects (customers, products) or COPY text already encoded per
 * table (orders, app/ingest/rules/order-copy.ts). Every child in it comes with its parent.
 */
export type BulkPayload = { rows: RowBatch } | { copy: Partial<Record<keyof RowBatch, CopyBuffer>> };

function tables(
  payload: BulkPayload,
): { sql: Prepared; direct: () => Buffer[] | string; temp: () => Buffer[] | string; viaTemp: string }[] {
  const out = [];
  for (const sql of prepared) {
    if ("copy" in payload) {
      const buffer = payload.copy[sql.spec.key];
      if (!buffer || buffer.rows === 0) continue;
      const bytes = buffer.chunks();
      out.push({ sql, direct: () => bytes, temp: () => bytes, viaTemp: sql.copyTemp });
    } else {
      const rows = payload.rows[sql.spec.key] as unknown as Record<string, unknown>[];
      if (rows.length === 0) continue;
      out.push({
        sql,
        direct: () => copyLines(rows, sql.directColumns),
        temp: () => copyLines(rows, sql.rowColumns),
        viaTemp: sql.copyTempRows,
      });
    }
  }
  return out;
}

const UNIQUE_VIOLATION = "23505";

/**
 * The first backfill of a shop only inserts: COPY straight into the tables. Any row already there
 * (a second run, a webhook that came first) is a unique violation: that transaction is rolled back
 * and the batch is written again by the versioned upsert, so the outcome is the upsert's in every
 * case. Not a SAVEPOINT: rows written in a subtransaction carry its xid, which the incremental
 * recompute's xid horizon (top-level in-progress xids only, 0071) would not see as in progress.
 * `direct: false` goes to the upsert path at once.
 */
export async function writeBulkBatch(
  pool: pg.Pool,
  payload: BulkPayload,
  options: { direct: boolean; after: (client: pg.PoolClient, result: WriteResult) => Promise<void> },
): Promise<{ result: WriteResult; direct: boolean }> {
  const work = tables(payload);
  const write = (direct: boolean) =>
    inTransaction(pool, async (client) => {
      // A lost commit is replayed from its checkpoint: no need to wait for the WAL flush.
      await client.query("SET LOCAL synchronous_commit TO OFF");
      const written = emptyCounts();
      for (const t of work) {
        if (direct) {
          written[t.sql.spec.key] = await copyInto(client, t.sql.copyDirect, t.direct());
          continue;
        }
        await client.query(t.sql.temp);
        await copyInto(client, t.viaTemp, t.temp());
        const statement = "copy" in payload ? t.sql.upsertBatchParent : t.sql.upsert;
        written[t.sql.spec.key] = (await client.query(statement)).rowCount ?? 0;
      }
      const result: WriteResult = { written, accepted: {} };
      await options.after(client, result);
      return { result, direct };
    });
  if (options.direct) {
    try {
      return await write(true);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    }
  }
  return write(false);
}
