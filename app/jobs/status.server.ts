// What the merchant and the on-call engineer see of background work: counts by state and the
// permanently failed jobs with their last error.
import type pg from "pg";

export interface JobSummary {
  queued: number;
  running: number;
  retrying: number;
  failed: { id: string; task: string; attempts: number; lastError: string; failedAt: Date }[];
}

export async function jobSummary(pool: pg.Pool): Promise<JobSummary> {
  const counts = await pool.query<{ queued: string; running: string; retrying: string }>(`
    SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts = 0)::text AS queued,
           count(*) FILTER (WHERE locked_at IS NOT NULL)::text AS running,
           count(*) FILTER (WHERE locked_at IS NULL AND attempts > 0 AND attempts < max_attempts)::text AS retrying
      FROM graphile_worker.jobs`);
  const failed = await pool.query<{ id: string; task: string; attempts: number; last_error: string | null; updated_at: Date }>(`
    SELECT id::text, task_identifier AS task, attempts, last_error, updated_at
      FROM graphile_worker.jobs
     WHERE attempts >= max_attempts
     ORDER BY updated_at DESC LIMIT 50`);
  const row = counts.rows[0];
  return {
    queued: Number(row.queued),
    running: Number(row.running),
    retrying: Number(row.retrying),
    failed: failed.rows.map((r) => ({ id: r.id, task: r.task, attempts: r.attempts, lastError: r.last_error ?? "", failedAt: r.updated_at })),
  };
}
