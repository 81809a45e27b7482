// Task names and payloads are checked twice: by the compiler where a job is queued (each
// expect-error directive below makes `tsc --noEmit` fail if its line stops being an error),
// and by the task's schema where it runs (the assertions).
import { describe, expect, it } from "vitest";
import { enqueueAll, type JobSpec, type Queue } from "~/jobs/queue";
import type { TaskHandler, TaskMap } from "~/jobs/registry.server";
import { parsePayload, type TaskName } from "~/jobs/tasks";
import { recordingQueue } from "~tests/support/ingest";

describe("typed tasks", () => {
  it("rejects a misspelt task name or a wrong payload at compile time and when the job runs", async () => {
    const queue = recordingQueue();
    const real: Queue = queue;
    await real.enqueue("intelligence.refreshCustomer", { shop: "a.myshopify.com", customerId: "42" });
    // @ts-expect-error a misspelt task name
    await real.enqueue("intelligence.refreshCustomr", { shop: "a.myshopify.com", customerId: "42" });
    // @ts-expect-error a payload without its shop
    await real.enqueue("ingest.reconcile", {});
    // @ts-expect-error a payload of another task (customerId belongs to refreshCustomer)
    await real.enqueue("campaigns.tick", { shop: "a.myshopify.com", customerId: "42" });
    // @ts-expect-error a field of the wrong type
    await real.enqueue("segments.refreshPurchaseStats", { shop: "a.myshopify.com", customerIds: "42" });
    // @ts-expect-error a cron fan-out naming no task
    await real.enqueue("schedule:fanout", { task: "ingest.reconcil" });
    // @ts-expect-error a batch job whose payload does not match its task
    const batch: JobSpec[] = [{ task: "ingest.backfill", payload: { runId: "r1" } }];
    await enqueueAll(queue, batch);

    // The fake queue records what the compiler let through, typed by task.
    expect(queue.take("intelligence.refreshCustomer").map((j) => j.payload.customerId)).toEqual(["42"]);
    expect(queue.take("ingest.reconcile").map((j) => j.payload)).toEqual([{}]);
    expect(queue.take("schedule:fanout").map((j) => j.payload.task)).toEqual(["ingest.reconcil"]);
    // @ts-expect-error the fake queue's take is typed by the same declaration
    queue.take("ingest.reconcil");

    // What the compiler rejects, the task's schema rejects when such a job reaches it anyway.
    expect(() => parsePayload("ingest.reconcile", {})).toThrow();
    expect(() =>
      parsePayload("segments.refreshPurchaseStats", { shop: "a.myshopify.com", customerIds: "42" }),
    ).toThrow();
    expect(() => parsePayload("ingest.backfill", { runId: "r1" })).toThrow();
    expect(() => parsePayload("schedule:fanout", { task: "intelligence.refreshCustomr" })).toThrow();
    expect(parsePayload("results.attributeOrder", { shop: "a.myshopify.com", orderId: "7" }).orderId).toBe(7n);
  });

  it("requires a handler for every declared task, under a declared name", () => {
    const handler: TaskHandler = async () => undefined;
    // @ts-expect-error a handler under a name no task declares
    const misspelt: TaskMap = { "results.atribute": handler };
    // @ts-expect-error a registry missing a declared task
    const incomplete: Record<TaskName, TaskHandler> = { "results.attribute": handler };
    expect([misspelt, incomplete]).toHaveLength(2);
  });
});
