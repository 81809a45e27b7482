// Counting and listing a shop's segment members with the compiled SQL (app/segments/rules/sql.ts).
import { type Db } from "~/db.server";
import { SqlParams } from "~/db/params";
import { compileSegmentSql, type SegmentRule } from "~/segments/rules";

export interface MemberPreview {
  customerId: string;
  displayName: string;
  email: string | null;
  orderCount: number | null;
  netSpend: string | null;
  /** ISO instant. */
  lastOrderAt: string | null;
}

export interface Page {
  limit?: number;
  /** The last customerId of the previous page. */
  cursor?: string | null;
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  return Math.max(1, Math.min(max, Math.floor(limit ?? fallback)));
}

function cursorValue(cursor: string | null | undefined): string {
  if (cursor == null || cursor === "") return "-1";
  if (!/^\d+$/.test(cursor)) throw new Error(`invalid members cursor "${cursor}"`);
  return cursor;
}

export async function countMembers(db: Db, shop: string, rule: SegmentRule, now: Date): Promise<number> {
  const sql = compileSegmentSql(rule, { shop, now });
  const result = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql.text}) m`, sql.values);
  return Number(result.rows[0].n);
}

export async function listMemberIds(
  db: Db,
  shop: string,
  rule: SegmentRule,
  now: Date,
  page: Page = {},
): Promise<{ customerIds: string[]; nextCursor: string | null }> {
  const limit = clampLimit(page.limit, 1000, 10_000);
  const params = new SqlParams();
  const sql = compileSegmentSql(rule, { shop, now, params });
  const after = params.add(cursorValue(page.cursor), "int8");
  const rows = params.add(limit + 1);
  const result = await db.pool.query<{ id: string }>(
    `SELECT m."customerId"::text AS id FROM (${sql.text}) m WHERE m."customerId" > ${after} ORDER BY m."customerId" LIMIT ${rows}`,
    params.values,
  );
  const ids = result.rows.slice(0, limit).map((r) => r.id);
  return { customerIds: ids, nextCursor: result.rows.length > limit ? ids[ids.length - 1] : null };
}

interface PreviewRow {
  customerId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  orderCount: number | null;
  netSpend: string | null;
  lastOrderAt: string | null;
}

export function displayName(row: {
  customerId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}): string {
  const name = [row.firstName, row.lastName]
    .filter((part) => part && part.trim())
    .join(" ")
    .trim();
  return name || row.email || `Customer ${row.customerId}`;
}

export async function listMembers(
  db: Db,
  shop: string,
  rule: SegmentRule,
  now: Date,
  page: Page = {},
): Promise<{ members: MemberPreview[]; nextCursor: string | null }> {
  const limit = clampLimit(page.limit, 50, 500);
  const params = new SqlParams();
  const sql = compileSegmentSql(rule, { shop, now, params });
  const after = params.add(cursorValue(page.cursor), "int8");
  const rows = params.add(limit + 1);
  const result = await db.pool.query<PreviewRow>(
    `SELECT m."customerId"::text AS "customerId", c."firstName", c."lastName", c.email,
            pr."orderCount", pr."netSpend"::text AS "netSpend",
            to_char(pr."lastOrderAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastOrderAt"
       FROM (${sql.text}) m
       JOIN "Customer" c ON c.shop = ${sql.shop} AND c.id = m."customerId"
       LEFT JOIN "CustomerProfile" pr ON pr.shop = ${sql.shop} AND pr."customerId" = m."customerId"
      WHERE m."customerId" > ${after}
      ORDER BY m."customerId" LIMIT ${rows}`,
    params.values,
  );
  const members = result.rows.slice(0, limit).map((row) => ({
    customerId: row.customerId,
    displayName: displayName(row),
    email: row.email,
    orderCount: row.orderCount,
    netSpend: row.netSpend,
    lastOrderAt: row.lastOrderAt,
  }));
  return { members, nextCursor: result.rows.length > limit ? members[members.length - 1].customerId : null };
}
