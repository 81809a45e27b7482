// The store tables the ingest writes, their COPY column order, and the SQL that moves rows from a
// session temp table into each (docs/decisions/0042-ingest-writes.md, 0085-bulk-write-path.md).
import type { Column, ColumnKind } from "~/ingest/rules/copy-text";
import type { RowBatch } from "~/ingest/rules/rows";

export interface Spec {
  key: keyof RowBatch;
  table: string;
  columns: readonly (readonly [string, ColumnKind])[];
  version?: string;
  parent?: { table: string; fk: string; version: string };
  guard?: string;
}

const T: ColumnKind = "text";
const N: ColumnKind = "number";
const D: ColumnKind = "date";

export const specs: readonly Spec[] = [
  {
    key: "customers",
    table: "Customer",
    columns: [
      ["shop", T],
      ["id", N],
      ["firstName", T],
      ["lastName", T],
      ["email", T],
      ["phone", T],
      ["emailMarketing", T],
      ["emailConsentAt", D],
      ["smsMarketing", T],
      ["tags", "textArray"],
      ["locale", T],
      ["timezone", T],
      ["numberOfOrders", N],
      ["amountSpent", T],
      ["createdAt", D],
      ["updatedAt", D],
    ],
    version: "updatedAt",
    // A redacted customer stays erased even if an old snapshot of them arrives later.
    guard: `"Customer"."redactedAt" IS NULL`,
  },
  {
    key: "products",
    table: "Product",
    columns: [
      ["shop", T],
      ["id", N],
      ["title", T],
      ["handle", T],
      ["productType", T],
      ["vendor", T],
      ["tags", "textArray"],
      ["status", T],
      ["createdAt", D],
      ["updatedAt", D],
    ],
    version: "updatedAt",
  },
  {
    key: "variants",
    table: "ProductVariant",
    columns: [
      ["shop", T],
      ["id", N],
      ["productId", N],
      ["title", T],
      ["sku", T],
      ["price", T],
      ["size", T],
      ["options", "json"],
    ],
    parent: { table: "Product", fk: "productId", version: "updatedAt" },
  },
  {
    key: "orders",
    table: "Order",
    columns: [
      ["shop", T],
      ["id", N],
      ["name", T],
      ["customerId", N],
      ["processedAt", D],
      ["createdAt", D],
      ["updatedAt", D],
      ["cancelledAt", D],
      ["test", "bool"],
      ["currencyCode", T],
      ["financialStatus", T],
      ["returnStatus", T],
      ["subtotalPrice", T],
      ["totalPrice", T],
      ["totalRefunded", T],
    ],
    version: "updatedAt",
  },
  {
    key: "lineItems",
    table: "LineItem",
    columns: [
      ["shop", T],
      ["id", N],
      ["orderId", N],
      ["customerId", N],
      ["processedAt", D],
      ["productId", N],
      ["variantId", N],
      ["title", T],
      ["variantTitle", T],
      ["sku", T],
      ["quantity", N],
      ["currentQuantity", N],
      ["unitPrice", T],
      ["discountedTotal", T],
    ],
    parent: { table: "Order", fk: "orderId", version: "updatedAt" },
  },
  {
    key: "refunds",
    table: "Refund",
    columns: [
      ["shop", T],
      ["id", N],
      ["orderId", N],
      ["createdAt", D],
      ["amount", T],
      ["note", T],
    ],
    parent: { table: "Order", fk: "orderId", version: "updatedAt" },
  },
  {
    key: "returns",
    table: "Return",
    columns: [
      ["shop", T],
      ["id", N],
      ["orderId", N],
      ["customerId", N],
      ["name", T],
      ["status", T],
      ["createdAt", D],
      ["closedAt", D],
      ["syncedAt", D],
    ],
    version: "syncedAt",
  },
  {
    key: "returnLineItems",
    table: "ReturnLineItem",
    columns: [
      ["shop", T],
      ["id", N],
      ["returnId", N],
      ["orderId", N],
      ["customerId", N],
      ["lineItemId", N],
      ["productId", N],
      ["variantId", N],
      ["quantity", N],
      ["reasonHandle", T],
      ["reasonName", T],
      ["reasonNote", T],
      ["customerNote", T],
      ["createdAt", D],
    ],
    parent: { table: "Return", fk: "returnId", version: "syncedAt" },
  },
];

/**
 * Customer columns a customers/create|update payload (API 2025-01 on) does not carry: consent,
 * tags, purchase summary, locale, timezone. They come from their own topics and from Admin reads;
 * a profile webhook must never reset them (docs/decisions/0130).
 */
export const CUSTOMER_NOT_IN_WEBHOOK = [
  "emailMarketing",
  "emailConsentAt",
  "smsMarketing",
  "tags",
  "numberOfOrders",
  "amountSpent",
  "locale",
  "timezone",
] as const;

const q = (name: string): string => `"${name}"`;
const temp = (table: string): string => q(`_in_${table}`);
const names = (spec: Spec): string[] => spec.columns.map((c) => c[0]);

/**
 * Where a child row's parent version comes from: "row" — its own parentVersion column (webhooks,
 * reconcile; NULL = an immutable fact written unconditionally); "batch" — the parent row in the
 * same batch's parent temp table (bulk files: every child arrives with its parent).
 */
export type ParentVersionFrom = "row" | "batch";

// Newer version wins; an equal version only writes if something differs, so replaying the same
// data (a second backfill, a duplicate event) rewrites nothing.
function upsertSql(
  spec: Spec,
  options: { returning?: boolean; keep?: string[]; parentFrom?: ParentVersionFrom },
): string {
  const all = names(spec);
  const keep = options.keep ?? [];
  const cols = all.map(q).join(", ");
  const order = spec.version ? `, ${q(spec.version)} DESC` : "";
  let where = "";
  if (spec.parent) {
    const p = spec.parent;
    where =
      options.parentFrom === "batch"
        ? ` WHERE EXISTS (SELECT 1 FROM ${temp(p.table)} pt JOIN ${q(p.table)} p ON p.shop = pt.shop AND p.id = pt.id AND p.${q(p.version)} = pt.${q(p.version)} WHERE pt.shop = t.shop AND pt.id = t.${q(p.fk)})`
        : // Refunds from refunds/create come without a parent snapshot: they are immutable facts.
          ` WHERE t."parentVersion" IS NULL OR EXISTS (SELECT 1 FROM ${q(p.table)} p WHERE p.shop = t.shop AND p.id = t.${q(p.fk)} AND p.${q(p.version)} = t."parentVersion")`;
  }
  const updated = all.filter((c) => c !== "shop" && c !== "id" && !keep.includes(c));
  const updates = updated.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ");
  const differs = `(${updated.map((c) => `${q(spec.table)}.${q(c)}`).join(", ")}) IS DISTINCT FROM (${updated.map((c) => `EXCLUDED.${q(c)}`).join(", ")})`;
  const v = spec.version ? q(spec.version) : "";
  const conditions = [
    spec.version
      ? `(EXCLUDED.${v} > ${q(spec.table)}.${v} OR (EXCLUDED.${v} = ${q(spec.table)}.${v} AND ${differs}))`
      : differs,
    spec.guard ?? "",
  ].filter(Boolean);
  return (
    `INSERT INTO ${q(spec.table)} (${cols}) SELECT DISTINCT ON (shop, id) ${all.map((c) => `t.${q(c)}`).join(", ")} FROM ${temp(spec.table)} t${where} ORDER BY shop, id${order} ` +
    `ON CONFLICT (shop, id) DO UPDATE SET ${updates} WHERE ${conditions.join(" AND ")}` +
    (options.returning
      ? ` RETURNING id, ${all.includes("customerId") ? `"customerId"` : `NULL::bigint AS "customerId"`}`
      : "")
  );
}

export interface Prepared {
  spec: Spec;
  temp: string;
  /** COPY into the temp table with a parentVersion column per row (row batches). */
  copyTempRows: string;
  /** COPY into the temp table with the table's own columns only (bulk bytes). */
  copyTemp: string;
  /** COPY straight into the table: the first backfill, when every row is new. */
  copyDirect: string;
  rowColumns: Column<Record<string, unknown>>[];
  directColumns: Column<Record<string, unknown>>[];
  upsert: string;
  upsertReturning: string;
  upsertBatchParent: string;
  /** customers/create|update carry the profile only: every other stored column is kept. */
  upsertProfile?: string;
}

function prepare(spec: Spec): Prepared {
  const directColumns = [...spec.columns] as Column<Record<string, unknown>>[];
  const rowColumns = [...directColumns, ...(spec.parent ? ([["parentVersion", D]] as const) : [])] as Column<
    Record<string, unknown>
  >[];
  const list = (columns: Column<Record<string, unknown>>[]): string => columns.map((c) => q(c[0])).join(", ");
  return {
    spec,
    temp: `CREATE TEMP TABLE IF NOT EXISTS ${temp(spec.table)} (LIKE ${q(spec.table)}${spec.parent ? `, "parentVersion" timestamp(3)` : ""}) ON COMMIT DELETE ROWS`,
    copyTempRows: `COPY ${temp(spec.table)} (${list(rowColumns)}) FROM STDIN`,
    copyTemp: `COPY ${temp(spec.table)} (${list(directColumns)}) FROM STDIN`,
    copyDirect: `COPY ${q(spec.table)} (${list(directColumns)}) FROM STDIN`,
    rowColumns,
    directColumns,
    upsert: upsertSql(spec, {}),
    upsertReturning: upsertSql(spec, { returning: true }),
    upsertBatchParent: upsertSql(spec, { parentFrom: "batch" }),
    upsertProfile: spec.key === "customers" ? upsertSql(spec, { keep: [...CUSTOMER_NOT_IN_WEBHOOK] }) : undefined,
  };
}

export const prepared: readonly Prepared[] = specs.map(prepare);
export const preparedFor = (key: keyof RowBatch): Prepared => prepared.find((p) => p.spec.key === key)!;
