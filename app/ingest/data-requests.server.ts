// customers/data_request: everything Rapport stores about one customer, assembled as JSON for the
// merchant to download from Settings, kept DATA_REQUEST_RETENTION_DAYS (docs/decisions/0116).
// The tables are read from the catalog: every table with a customerId column (and the Customer
// row, and refunds through the customer's orders), so a table added later is in the report.
import type pg from "pg";
import type { AppContext } from "~/runtime/app-context.server";
import type { Db } from "~/db.server";
import type { TaskMap } from "~/jobs/registry.server";
import type { TaskName } from "~/jobs/tasks";

export const DATA_REQUEST_RETENTION_DAYS = 30;
export const EXPIRE_DATA_REQUESTS_TASK = "privacy.expireDataRequests" satisfies TaskName;

/** Not part of a report: the reports themselves. */
const NOT_REPORTED = ["DataRequest"];

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Each reported table and how its rows are found for customer $2 of shop $1. */
export async function reportedTables(client: pg.Pool | pg.PoolClient): Promise<{ table: string; where: string }[]> {
  const keyed = await client.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.columns s ON s.table_schema = c.table_schema AND s.table_name = c.table_name AND s.column_name = 'shop'
      WHERE c.table_schema = current_schema() AND c.column_name = 'customerId' AND c.table_name <> ALL($1::text[])
      ORDER BY c.table_name`,
    [NOT_REPORTED],
  );
  return [
    { table: "Customer", where: `x.shop = $1 AND x.id = $2::bigint` },
    ...keyed.rows.map((r) => ({ table: r.table_name, where: `x.shop = $1 AND x."customerId" = $2::bigint` })),
    {
      table: "Refund",
      where: `x.shop = $1 AND x."orderId" IN (SELECT o.id FROM "Order" o WHERE o.shop = $1 AND o."customerId" = $2::bigint)`,
    },
  ];
}

/**
 * Assembles the report in PostgreSQL (ids and money stay exact: no round trip through JS numbers)
 * and stores it: one row per (shop, request id), so a replayed webhook refreshes the report instead
 * of adding one; the retention clock keeps counting from the first receipt.
 */
export async function recordDataRequest(
  db: Db,
  shop: string,
  customerId: bigint,
  requestId: string | null,
  now: Date,
): Promise<{ id: string; tables: Record<string, number> }> {
  const tables = await reportedTables(db.pool);
  const parts = tables.map(
    ({ table, where }) =>
      `${literal(table)}, (SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]'::jsonb) FROM ${ident(table)} x WHERE ${where})`,
  );
  const key = requestId ?? `customer:${customerId}`;
  const at = `($4::timestamptz AT TIME ZONE 'UTC')`;
  const row = await db.pool.query<{ id: string; counts: Record<string, number> }>(
    `WITH assembled AS (SELECT jsonb_build_object(${parts.join(", ")}) AS tables)
     INSERT INTO "DataRequest" (id, shop, "customerId", "requestId", report, status, "createdAt", "updatedAt", "expiresAt")
     SELECT gen_random_uuid()::text, $1, $2::bigint, $3,
            jsonb_build_object('shop', $1::text, 'customerId', $5::text, 'requestId', $3::text, 'assembledAt', $4::timestamptz, 'tables', assembled.tables),
            'ready', ${at}, ${at}, ${at} + make_interval(days => $6::int)
       FROM assembled
     ON CONFLICT (shop, "requestId") DO UPDATE SET report = EXCLUDED.report, "customerId" = EXCLUDED."customerId", "updatedAt" = EXCLUDED."updatedAt"
     RETURNING id, (SELECT jsonb_object_agg(k, jsonb_array_length(v)) FROM jsonb_each(report->'tables') AS t(k, v)) AS counts`,
    [shop, customerId.toString(), key, now.toISOString(), customerId.toString(), DATA_REQUEST_RETENTION_DAYS],
  );
  return { id: row.rows[0].id, tables: row.rows[0].counts };
}

/** Deletes every report past its retention; returns how many. */
export async function expireDataRequests(db: Db, now: Date): Promise<number> {
  const deleted = await db.pool.query(
    `DELETE FROM "DataRequest" WHERE "expiresAt" <= ($1::timestamptz AT TIME ZONE 'UTC')`,
    [now.toISOString()],
  );
  return deleted.rowCount ?? 0;
}

export const privacyTasks = {
  [EXPIRE_DATA_REQUESTS_TASK]: async (_payload: unknown, ctx: AppContext) => {
    const deleted = await expireDataRequests(ctx.db, ctx.now());
    if (deleted > 0) ctx.log.info("expired data requests deleted", { deleted });
  },
} satisfies TaskMap;
