// What the merchant sees of their shop's background work: counts by state and the permanently
// failed jobs with their last error. A job belongs to the shop named by its payload's `shop`
// (every per-shop task is queued with one; the cron fan-out jobs have none and belong to nobody).
// The queue's public view (graphile_worker.jobs) leaves the payload out, so this reads the private
// table, through the indexes ensureJobShopIndexes creates (docs/decisions/0115-job-status-per-shop.md;
// why not the public API yet, and what would replace this: 0166).
import type pg from "pg";
import { inTransaction } from "~/db.server";

export interface JobSummary {
  queued: number;
  running: number;
  retrying: number;
  failed: { id: string; task: string; attempts: number; lastError: string; failedAt: Date }[];
}

/**
 * Per-shop lookups on a queue of many jobs: one expression index for the counts (bounded by the
 * shop's own jobs) and a partial one holding only permanently failed jobs, newest first, for the
 * list. Both are graphile-worker's table, so they are (re)created after its migrations, under an
 * advisory lock so several processes starting together do not race on the name.
 */
export async function ensureJobShopIndexes(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('rapport:job-shop-indexes'))`);
    await client.query(
      `CREATE INDEX IF NOT EXISTS rapport_jobs_shop ON graphile_worker._private_jobs ((payload->>'shop'))`,
    );
    await client.query(
      `CREATE INDEX IF NOT EXISTS rapport_jobs_shop_failed ON graphile_worker._private_jobs ((payload->>'shop'), updated_at DESC) WHERE attempts >= max_attempts`,
    );
  });
}

export async function jobSummary(pool: pg.Pool, shop: string): Promise<JobSummary> {
  const counts = await pool.query<{ queued: string; running: string; retrying: string }>(
    `SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts = 0)::text AS queued,
            count(*) FILTER (WHERE locked_at IS NOT NULL)::text AS running,
            count(*) FILTER (WHERE locked_at IS NULL AND attempts > 0 AND attempts < max_attempts)::text AS retrying
       FROM graphile_worker._private_jobs
      WHERE payload->>'shop' = $1`,
    [shop],
  );
  const failed = await pool.query<{
    id: string;
    task: string;
    attempts: number;
    last_error: string | null;
    updated_at: Date;
  }>(
    `SELECT j.id::text, t.identifier AS task, j.attempts, j.last_error, j.updated_at
       FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE j.payload->>'shop' = $1 AND j.attempts >= j.max_attempts
      ORDER BY j.updated_at DESC LIMIT 50`,
    [shop],
  );
  const row = counts.rows[0];
  return {
    queued: Number(row.queued),
    running: Number(row.running),
    retrying: Number(row.retrying),
    failed: failed.rows.map((r) => ({
      id: r.id,
      task: r.task,
      attempts: r.attempts,
      lastError: r.last_error ?? "",
      failedAt: r.updated_at,
    })),
  };
}
