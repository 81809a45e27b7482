// What a demo's pipeline holds when a test times out waiting for it: unfinished jobs, the latest
// webhook deliveries and messages, and the end of the demo's own output. A CI failure then names
// its culprit instead of only "timed out".
import fs from "node:fs";
import pg from "pg";
import type { RunningDemo } from "./demo";

const QUERIES: Record<string, string> = {
  jobs: `SELECT j.id::text, t.identifier AS task, q.queue_name AS queue, j.locked_by, j.locked_at, j.attempts,
                j.run_at, j.key, left(j.last_error, 300) AS last_error
           FROM graphile_worker._private_jobs j
           JOIN graphile_worker._private_tasks t ON t.id = j.task_id
           LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
          ORDER BY j.run_at LIMIT 30`,
  deliveries: `SELECT topic, status, "receivedAt", left(error, 300) AS error FROM "WebhookDelivery"
                ORDER BY "receivedAt" DESC LIMIT 10`,
  messages: `SELECT "campaignId", "customerId"::text, status, "scheduledFor", "claimedAt", attempts,
                    left("lastError", 300) AS "lastError", "updatedAt" FROM "Message"
              ORDER BY "updatedAt" DESC LIMIT 15`,
  locks: `SELECT l.pid, l.locktype, l.mode, l.granted, a.state, left(a.query, 200) AS query, now() - a.xact_start AS xact_age
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' OR NOT l.granted`,
};

/** A readable account of the demo's pipeline now; never throws (a failure is part of the account). */
export async function pipelineState(demo: RunningDemo): Promise<string> {
  const parts: string[] = [];
  if (demo.databaseUrl) {
    const client = new pg.Client({ connectionString: demo.databaseUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      for (const [name, sql] of Object.entries(QUERIES)) {
        try {
          const { rows } = await client.query(sql);
          parts.push(`${name}:\n${rows.map((r) => `  ${JSON.stringify(r)}`).join("\n") || "  (none)"}`);
        } catch (error) {
          parts.push(`${name}: ${String(error)}`);
        }
      }
    } catch (error) {
      parts.push(`database: ${String(error)}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  parts.push(`demo output (end):\n${demo.output().slice(-3000)}`);
  if (demo.logFile && fs.existsSync(demo.logFile)) {
    const lines = fs.readFileSync(demo.logFile, "utf8").trimEnd().split("\n").slice(-60);
    parts.push(`app log (last ${lines.length} lines):\n${lines.map((l) => `  ${l.slice(0, 400)}`).join("\n")}`);
  }
  return parts.join("\n");
}
