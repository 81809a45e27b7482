// Settings' job status shows one shop's jobs only: another shop's failed jobs and their errors
// stay out of it (issue #14).
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueue, type PgQueue } from "~/jobs/queue.server";
import { jobSummary } from "~/jobs/status.server";
import { sendingCheck } from "~/web/screens/sending-check.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";

const A = "a.myshopify.com";
const B = "b.myshopify.com";

describe("job status per shop", () => {
  let database: TestDatabase;
  let queue: PgQueue;
  let utils: WorkerUtils;

  beforeAll(async () => {
    database = await createTestDatabase();
    queue = await createQueue(database.pool);
    utils = await makeWorkerUtils({ pgPool: database.pool });
    await queue.enqueue("ingest.reconcile", { shop: A }, { jobKey: "a-failed" });
    await queue.enqueue("ingest.reconcile", { shop: B }, { jobKey: "b-failed" });
    await queue.enqueue("ingest.reconcile", { shop: B }, { jobKey: "b-queued" });
    await queue.enqueue("campaigns.tickAll", {}, { jobKey: "nobody" });
    const keyed = await database.pool.query<{ id: string; key: string }>(
      `SELECT id::text, key FROM graphile_worker.jobs WHERE key IN ('a-failed', 'b-failed')`,
    );
    for (const { id, key } of keyed.rows)
      await utils.permanentlyFailJobs([id], `secret error of ${key === "a-failed" ? A : B}`);
  });
  afterAll(async () => {
    await utils?.release();
    await queue?.release();
    await database?.drop();
  });

  it("counts and lists only the shop's own jobs", async () => {
    const a = await jobSummary(database.pool, A);
    expect(a.failed.map((j) => j.lastError)).toEqual([`secret error of ${A}`]);
    expect(a.queued).toBe(0);
    const b = await jobSummary(database.pool, B);
    expect(b.failed.map((j) => j.lastError)).toEqual([`secret error of ${B}`]);
    expect(b.queued).toBe(1);
    const none = await jobSummary(database.pool, "c.myshopify.com");
    expect(none).toEqual({ queued: 0, running: 0, retrying: 0, failed: [] });
  });

  it("the Settings sending check shows none of another shop's jobs", async () => {
    const check = await sendingCheck({ db: database, now: () => new Date() }, A);
    expect(JSON.stringify(check.jobs)).not.toContain(B);
    expect(check.jobs?.failed).toHaveLength(1);
  });

  it("finds the shop's jobs through its indexes, not a scan of the whole queue", async () => {
    const client = await database.pool.connect();
    try {
      await client.query("SET enable_seqscan = off");
      const plan = async (sql: string) =>
        (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, [A])).rows
          .map((r) => r["QUERY PLAN"])
          .join("\n");
      expect(await plan(`SELECT count(*) FROM graphile_worker._private_jobs WHERE payload->>'shop' = $1`)).toContain(
        "rapport_jobs_shop",
      );
      expect(
        await plan(
          `SELECT id FROM graphile_worker._private_jobs WHERE payload->>'shop' = $1 AND attempts >= max_attempts ORDER BY updated_at DESC LIMIT 50`,
        ),
      ).toContain("rapport_jobs_shop_failed");
    } finally {
      await client.query("RESET enable_seqscan");
      client.release();
    }
  });
});
