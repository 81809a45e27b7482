// Set-based writes: each table's rows go by COPY into a session temp table, then one
// INSERT … ON CONFLICT DO UPDATE moves them in, keeping the newer version
// (docs/decisions/0042-ingest-writes.md). Children are taken only if the parent snapshot they
// came with is the one now stored, so a stale event cannot overwrite newer line items.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { copyLines } from "~/ingest/copy-text";
import type { RowBatch } from "~/ingest/rows";

interface Spec {
  key: keyof RowBatch;
  table: string;
  columns: readonly string[];
  version?: string;
  parent?: { table: string; fk: string; version: string };
  guard?: string;
}

const specs: Spec[] = [
  {
    key: "customers",
    table: "Customer",
    columns: ["shop", "id", "firstName", "lastName", "email", "phone", "emailMarketing", "emailConsentAt", "smsMarketing", "tags", "locale", "timezone", "numberOfOrders", "amountSpent", "createdAt", "updatedAt"],
    version: "updatedAt",
    // A redacted customer stays erased even if an old snapshot of them arrives later.
    guard: `"Customer"."redactedAt" IS NULL`,
  },
  { key: "products", table: "Product", columns: ["shop", "id", "title", "handle", "productType", "vendor", "tags", "status", "createdAt", "updatedAt"], version: "updatedAt" },
  {
    key: "variants",
    table: "ProductVariant",
    columns: ["shop", "id", "productId", "title", "sku", "price", "size", "options"],
    parent: { table: "Product", fk: "productId", version: "updatedAt" },
  },
  {
    key: "orders",
    table: "Order",
    columns: ["shop", "id", "name", "customerId", "processedAt", "createdAt", "updatedAt", "cancelledAt", "test", "currencyCode", "financialStatus", "returnStatus", "subtotalPrice", "totalPrice", "totalRefunded"],
    version: "updatedAt",
  },
  {
    key: "lineItems",
    table: "LineItem",
    columns: ["shop", "id", "orderId", "customerId", "processedAt", "productId", "variantId", "title", "variantTitle", "sku", "quantity", "currentQuantity", "unitPrice", "discountedTotal"],
    parent: { table: "Order", fk: "orderId", version: "updatedAt" },
  },
  { key: "refunds", table: "Refund", columns: ["shop", "id", "orderId", "createdAt", "amount", "note"], parent: { table: "Order", fk: "orderId", version: "updatedAt" } },
  { key: "returns", table: "Return", columns: ["shop", "id", "orderId", "customerId", "name", "status", "createdAt", "closedAt", "syncedAt"], version: "syncedAt" },
  {
    key: "returnLineItems",
    table: "ReturnLineItem",
    columns: ["shop", "id", "returnId", "orderId", "customerId", "lineItemId", "productId", "variantId", "quantity", "reasonHandle", "reasonName", "reasonNote", "customerNote", "createdAt"],
    parent: { table: "Return", fk: "returnId", version: "syncedAt" },
  },
];

const q = (name: string): string => `"${name}"`;
const temp = (spec: Spec): string => q(`_in_${spec.table}`);

function tempTableSql(spec: Spec): string {
  const extra = spec.parent ? `, "parentVersion" timestamp(3)` : "";
  return `CREATE TEMP TABLE IF NOT EXISTS ${temp(spec)} (LIKE ${q(spec.table)}${extra}) ON COMMIT DELETE ROWS`;
}

function upsertSql(spec: Spec, returning: boolean): string {
  const cols = spec.columns.map(q).join(", ");
  const order = spec.version ? `, ${q(spec.version)} DESC` : "";
  let where = "";
  if (spec.parent) {
    const p = spec.parent;
    // Refunds from refunds/create come without a parent snapshot: they are immutable facts.
    where = ` WHERE t."parentVersion" IS NULL OR EXISTS (SELECT 1 FROM ${q(p.table)} p WHERE p.shop = t.shop AND p.id = t.${q(p.fk)} AND p.${q(p.version)} = t."parentVersion")`;
  }
  const updates = spec.columns.filter((c) => c !== "shop" && c !== "id").map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ");
  const conditions = [spec.version ? `EXCLUDED.${q(spec.version)} >= ${q(spec.table)}.${q(spec.version)}` : "", spec.guard ?? ""].filter(Boolean);
  return (
    `INSERT INTO ${q(spec.table)} (${cols}) SELECT DISTINCT ON (shop, id) ${spec.columns.map((c) => `t.${q(c)}`).join(", ")} FROM ${temp(spec)} t${where} ORDER BY shop, id${order} ` +
    `ON CONFLICT (shop, id) DO UPDATE SET ${updates}${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""}` +
    (returning ? ` RETURNING id, ${spec.columns.includes("customerId") ? `"customerId"` : `NULL::bigint AS "customerId"`}` : "")
  );
}

const prepared = new Map<string, { temp: string; copy: string; upsert: string; upsertReturning: string }>();
for (const spec of specs) {
  const cols = [...spec.columns, ...(spec.parent ? ["parentVersion"] : [])];
  prepared.set(spec.key, {
    temp: tempTableSql(spec),
    copy: `COPY ${temp(spec)} (${cols.map(q).join(", ")}) FROM STDIN`,
    upsert: upsertSql(spec, false),
    upsertReturning: upsertSql(spec, true),
  });
}

export type WriteCounts = Record<keyof RowBatch, number>;

export interface WriteResult {
  written: WriteCounts;
  /** Rows of the parent tables that were inserted or updated (only with `returning`). */
  accepted: Partial<Record<"orders" | "customers" | "products" | "returns", { id: bigint; customerId: bigint | null }[]>>;
}

/** Writes one batch on a client that is already inside a transaction. */
export async function writeRows(client: pg.PoolClient, batch: RowBatch, options: { returning?: boolean } = {}): Promise<WriteResult> {
  const written = {} as WriteCounts;
  const accepted: WriteResult["accepted"] = {};
  for (const spec of specs) {
    const rows = batch[spec.key] as unknown as Record<string, unknown>[];
    written[spec.key] = 0;
    if (rows.length === 0) continue;
    const sql = prepared.get(spec.key)!;
    await client.query(sql.temp);
    const cols = [...spec.columns, ...(spec.parent ? ["parentVersion"] : [])];
    await pipeline(Readable.from([copyLines(rows, cols)]), client.query(copyFrom(sql.copy)));
    const returning = Boolean(options.returning) && !spec.parent;
    const result = await client.query<{ id: string; customerId: string | null }>(returning ? sql.upsertReturning : sql.upsert);
    written[spec.key] = result.rowCount ?? 0;
    if (returning) {
      accepted[spec.key as "orders"] = result.rows.map((r) => ({ id: BigInt(r.id), customerId: r.customerId === null ? null : BigInt(r.customerId) }));
    }
  }
  return { written, accepted };
}

/** One transaction: the batch, then `after` (e.g. a checkpoint), committed together. */
export async function writeBatch(
  pool: pg.Pool,
  batch: RowBatch,
  options: { returning?: boolean; after?: (client: pg.PoolClient, result: WriteResult) => Promise<void> } = {},
): Promise<WriteResult> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await writeRows(client, batch, options);
    if (options.after) await options.after(client, result);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
