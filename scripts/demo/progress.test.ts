import { describe, expect, it } from "vitest";
import type { SyncStatus } from "~/web/screens/sync.server";
import { syncLine } from "./progress";

const running: SyncStatus = {
  kind: "backfill",
  status: "running",
  phase: "customers",
  objectsRead: 1234,
  objectsWritten: 1200,
  error: null,
  startedAt: "2026-12-05T10:00:00.000Z",
  finishedAt: null,
  percent: 43,
  insight: { pillars: "none", returnsRead: 0, returnsTotal: 0, text: null },
};

describe("the demo's sync lines", () => {
  it("names the phase, the progress and the objects read", () => {
    expect(syncLine(running, null)).toBe("syncing the store: customers (43%), 1,234 objects read");
  });

  it("says nothing while the phase and status stay the same", () => {
    expect(syncLine({ ...running, objectsRead: 5000 }, running)).toBeNull();
    expect(syncLine({ ...running, phase: "orders", percent: 57 }, running)).toBe(
      "syncing the store: orders (57%), 1,234 objects read",
    );
  });

  it("says when the pillars that need no return details are ready", () => {
    const three = {
      ...running,
      phase: "returns",
      insight: {
        pillars: "three" as const,
        returnsRead: 10,
        returnsTotal: 40,
        text: "Loyalty, lifecycle and affinity are ready.",
      },
    };
    expect(syncLine(three, { ...running, phase: "returns" })).toBe("Loyalty, lifecycle and affinity are ready.");
  });

  it("ends with how long the sync took, or why it failed", () => {
    const done = {
      ...running,
      status: "completed",
      phase: "done",
      percent: 100,
      objectsRead: 33077,
      finishedAt: "2026-12-05T10:00:40.000Z",
    };
    expect(syncLine(done, running)).toBe("sync done: 33,077 objects read in 40 s");
    // The demo's store clock stands still while it syncs: the wall clock says how long it took.
    expect(syncLine({ ...done, finishedAt: done.startedAt }, running, 12)).toBe(
      "sync done: 33,077 objects read in 12 s",
    );
    expect(syncLine({ ...running, status: "failed", error: "Admin API rejected the query" }, running)).toBe(
      "sync failed: Admin API rejected the query (details in the app log)",
    );
  });
});
