// Set-based writes: each table's rows go by COPY into a session temp table, then one
// INSERT … ON CONFLICT DO UPDATE moves them in, keeping the newer version
// (docs/decisions/0042-ingest-writes.md). Children are taken only if the parent snapshot they
// came with is the one now stored, so a stale event cannot overwrite newer line items.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { inTransaction } from "~/db.server";
import { copyLines, type Column, type ColumnKind } from "~/ingest/copy-text";
import type { RowBatch } from "~/ingest/rows";

type Kind = ColumnKind;

interface Spec {
  key: keyof RowBatch;
  table: string;
  columns: readonly (readonly [string, Kind])[];
  version?: string;
  parent?: { table: string; fk: string; version: string };
  guard?: string;
}

const T: Kind = "text";
const N: Kind = "number";
const D: Kind = "date";

const specs: Spec[] = [
  {
    key: "customers",
    table: "Customer",
    columns: [["shop", T], ["id", N], ["firstName", T], ["lastName", T], ["email", T], ["phone", T], ["emailMarketing", T], ["emailConsentAt", D], ["smsMarketing", T], ["tags", "textArray"], ["locale", T], ["timezone", T], ["numberOfOrders", N], ["amountSpent", T], ["createdAt", D], ["updatedAt", D]],
    version: "updatedAt",
    // A redacted customer stays erased even if an old snapshot of them arrives later.
    guard: `"Customer"."redactedAt" IS NULL`,
  },
  { key: "products", table: "Product", columns: [["shop", T], ["id", N], ["title", T], ["handle", T], ["productType", T], ["vendor", T], ["tags", "textArray"], ["status", T], ["createdAt", D], ["updatedAt", D]], version: "updatedAt" },
  {
    key: "variants",
    table: "ProductVariant",
    columns: [["shop", T], ["id", N], ["productId", N], ["title", T], ["sku", T], ["price", T], ["size", T], ["options", "json"]],
    parent: { table: "Product", fk: "productId", version: "updatedAt" },
  },
  {
    key: "orders",
    table: "Order",
    columns: [["shop", T], ["id", N], ["name", T], ["customerId", N], ["processedAt", D], ["createdAt", D], ["updatedAt", D], ["cancelledAt", D], ["test", "bool"], ["currencyCode", T], ["financialStatus", T], ["returnStatus", T], ["subtotalPrice", T], ["totalPrice", T], ["totalRefunded", T]],
    version: "updatedAt",
  },
  {
    key: "lineItems",
    table: "LineItem",
    columns: [["shop", T], ["id", N], ["orderId", N], ["customerId", N], ["processedAt", D], ["productId", N], ["variantId", N], ["title", T], ["variantTitle", T], ["sku", T], ["quantity", N], ["currentQuantity", N], ["unitPrice", T], ["discountedTotal", T]],
    parent: { table: "Order", fk: "orderId", version: "updatedAt" },
  },
  { key: "refunds", table: "Refund", columns: [["shop", T], ["id", N], ["orderId", N], ["createdAt", D], ["amount", T], ["note", T]], parent: { table: "Order", fk: "orderId", version: "updatedAt" } },
  { key: "returns", table: "Return", columns: [["shop", T], ["id", N], ["orderId", N], ["customerId", N], ["name", T], ["status", T], ["createdAt", D], ["closedAt", D], ["syncedAt", D]], version: "syncedAt" },
  {
    key: "returnLineItems",
    table: "ReturnLineItem",
    columns: [["shop", T], ["id", N], ["returnId", N], ["orderId", N], ["customerId", N], ["lineItemId", N], ["productId", N], ["variantId", N], ["quantity", N], ["reasonHandle", T], ["reasonName", T], ["reasonNote", T], ["customerNote", T], ["createdAt", D]],
    parent: { table: "Return", fk: "returnId", version: "syncedAt" },
  },
];

const q = (name: string): string => `"${name}"`;
const temp = (spec: Spec): string => q(`_in_${spec.table}`);
const names = (spec: Spec): string[] => spec.columns.map((c) => c[0]);

function tempTableSql(spec: Spec): string {
  const extra = spec.parent ? `, "parentVersion" timestamp(3)` : "";
  return `CREATE TEMP TABLE IF NOT EXISTS ${temp(spec)} (LIKE ${q(spec.table)}${extra}) ON COMMIT DELETE ROWS`;
}

// Newer version wins; an equal version only writes if something differs, so replaying the same
// data (a second backfill, a duplicate event) rewrites nothing.
function upsertSql(spec: Spec, returning: boolean, keep: string[] = []): string {
  const all = names(spec);
  const cols = all.map(q).join(", ");
  const order = spec.version ? `, ${q(spec.version)} DESC` : "";
  let where = "";
  if (spec.parent) {
    const p = spec.parent;
    // Refunds from refunds/create come without a parent snapshot: they are immutable facts.
    where = ` WHERE t."parentVersion" IS NULL OR EXISTS (SELECT 1 FROM ${q(p.table)} p WHERE p.shop = t.shop AND p.id = t.${q(p.fk)} AND p.${q(p.version)} = t."parentVersion")`;
  }
  const updated = all.filter((c) => c !== "shop" && c !== "id" && !keep.includes(c));
  const updates = updated.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ");
  const differs = `(${updated.map((c) => `${q(spec.table)}.${q(c)}`).join(", ")}) IS DISTINCT FROM (${updated.map((c) => `EXCLUDED.${q(c)}`).join(", ")})`;
  const v = spec.version ? q(spec.version) : "";
  const conditions = [spec.version ? `(EXCLUDED.${v} > ${q(spec.table)}.${v} OR (EXCLUDED.${v} = ${q(spec.table)}.${v} AND ${differs}))` : differs, spec.guard ?? ""].filter(Boolean);
  return (
    `INSERT INTO ${q(spec.table)} (${cols}) SELECT DISTINCT ON (shop, id) ${all.map((c) => `t.${q(c)}`).join(", ")} FROM ${temp(spec)} t${where} ORDER BY shop, id${order} ` +
    `ON CONFLICT (shop, id) DO UPDATE SET ${updates} WHERE ${conditions.join(" AND ")}` +
    (returning ? ` RETURNING id, ${all.includes("customerId") ? `"customerId"` : `NULL::bigint AS "customerId"`}` : "")
  );
}

interface Prepared {
  temp: string;
  copy: string;
  columns: Column<Record<string, unknown>>[];
  upsert: string;
  upsertReturning: string;
  /** Customers from webhooks carry no order count or amount spent: keep the stored ones. */
  upsertKeepCounts?: string;
}

const prepared = new Map<string, Prepared>();
for (const spec of specs) {
  const columns = [...spec.columns, ...(spec.parent ? ([["parentVersion", D]] as const) : [])] as Column<Record<string, unknown>>[];
  prepared.set(spec.key, {
    temp: tempTableSql(spec),
    copy: `COPY ${temp(spec)} (${columns.map((c) => q(c[0])).join(", ")}) FROM STDIN`,
    columns,
    upsert: upsertSql(spec, false),
    upsertReturning: upsertSql(spec, true),
    upsertKeepCounts: spec.key === "customers" ? upsertSql(spec, false, ["numberOfOrders", "amountSpent"]) : undefined,
  });
}

export type WriteCounts = Record<keyof RowBatch, number>;

export interface WriteResult {
  written: WriteCounts;
  /** Rows of the parent tables that were inserted or updated (only with `returning`). */
  accepted: Partial<Record<"orders" | "customers" | "products" | "returns", { id: bigint; customerId: bigint | null }[]>>;
}

/** Writes one batch on a client that is already inside a transaction. */
export interface WriteOptions {
  returning?: boolean;
  /** Customer rows lack numberOfOrders/amountSpent (webhook payloads): keep the stored values. */
  keepCustomerCounts?: boolean;
  /** Bulk backfill: a lost commit is replayed from its checkpoint, so skip the WAL flush wait. */
  asyncCommit?: boolean;
}

export async function writeRows(client: pg.PoolClient, batch: RowBatch, options: WriteOptions = {}): Promise<WriteResult> {
  const written = {} as WriteCounts;
  const accepted: WriteResult["accepted"] = {};
  for (const spec of specs) {
    const rows = batch[spec.key] as unknown as Record<string, unknown>[];
    written[spec.key] = 0;
    if (rows.length === 0) continue;
    const sql = prepared.get(spec.key)!;
    await client.query(sql.temp);
    await pipeline(Readable.from([copyLines(rows, sql.columns)]), client.query(copyFrom(sql.copy)));
    const returning = Boolean(options.returning) && !spec.parent;
    const statement = returning ? sql.upsertReturning : options.keepCustomerCounts && sql.upsertKeepCounts ? sql.upsertKeepCounts : sql.upsert;
    const result = await client.query<{ id: string; customerId: string | null }>(statement);
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
  options: WriteOptions & { after?: (client: pg.PoolClient, result: WriteResult) => Promise<void> } = {},
): Promise<WriteResult> {
  return inTransaction(pool, async (client) => {
    if (options.asyncCommit) await client.query("SET LOCAL synchronous_commit TO OFF");
    const result = await writeRows(client, batch, options);
    if (options.after) await options.after(client, result);
    return result;
  });
}
