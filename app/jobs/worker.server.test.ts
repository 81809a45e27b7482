// Each job logs through a child naming the job, its task and its shop (decision 0160).
import type { JobHelpers } from "graphile-worker";
import { describe, expect, it } from "vitest";
import type { AppContext } from "~/runtime/app-context.server";
import { toTaskList } from "~/jobs/worker.server";
import { memoryLogger } from "~/logger.server";

function setup(handler: (payload: unknown, ctx: AppContext) => Promise<void>) {
  const log = memoryLogger();
  const ctx = { log } as unknown as AppContext;
  const list = toTaskList({ "ingest.reconcile": handler }, ctx);
  const helpers = { job: { id: "41", attempts: 1, max_attempts: 25 } } as unknown as JobHelpers;
  // The test hands it a payload without a shop too: the worker must not assume one.
  const task = list["ingest.reconcile"] as (payload: unknown, helpers: JobHelpers) => Promise<void>;
  return { log, run: (payload: unknown) => task(payload, helpers) };
}

describe("the worker's job loggers", () => {
  it("binds jobId, task and the payload's shop to every line the handler logs", async () => {
    const { log, run } = setup(async (_payload, ctx) => ctx.log.info("reconciled", { changed: 3 }));
    await run({ shop: "a.myshopify.com" });
    expect(log.lines[0]).toEqual({
      level: "info",
      message: "reconciled",
      fields: { jobId: "41", task: "ingest.reconcile", shop: "a.myshopify.com", changed: 3 },
    });
  });

  it("names the job on its failure line, and leaves shop out when the payload has none", async () => {
    const { log, run } = setup(async () => Promise.reject(new Error("boom")));
    await expect(run({})).rejects.toThrow("boom");
    expect(log.lines).toEqual([
      {
        level: "warn",
        message: "job failed",
        fields: { jobId: "41", task: "ingest.reconcile", attempt: 1, maxAttempts: 25, error: "boom" },
      },
    ]);
  });
});
