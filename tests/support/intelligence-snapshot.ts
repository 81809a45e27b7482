// Every intelligence row of a shop as JSON (computedAt left out: it is the wall clock of the write).
import type pg from "pg";

export async function snapshot(pool: pg.Pool, shop: string): Promise<Record<string, unknown[]>> {
  const rows = async (sql: string) => (await pool.query<{ row: unknown }>(sql, [shop])).rows.map((r) => r.row);
  return {
    profiles: await rows(
      `SELECT to_jsonb(p) - 'computedAt' AS row FROM "CustomerProfile" p WHERE shop = $1 ORDER BY "customerId"`,
    ),
    milestones: await rows(
      `SELECT to_jsonb(m) AS row FROM "CustomerMilestone" m WHERE shop = $1 ORDER BY "customerId", kind, threshold`,
    ),
  };
}
