import { describe, expect, it } from "vitest";
import { pillarShown, syncInsight, type InsightInput } from "./sync-insight";

const running: InsightInput = {
  status: "running",
  historyAt: "2026-12-05T10:00:00.000Z",
  profilesAt: new Date("2026-12-05T10:00:05.000Z"),
  relaunchedDoneAt: null,
  returnsRead: 1200,
  returnsTotal: 30000,
};

describe("which pillars Home shows while the first sync runs", () => {
  it("shows none until profiles were computed from the whole history", () => {
    expect(syncInsight({ ...running, historyAt: null }).pillars).toBe("none");
    expect(syncInsight({ ...running, profilesAt: null }).pillars).toBe("none");
    // Profiles from before the history was in (an earlier run) do not count.
    expect(syncInsight({ ...running, profilesAt: new Date("2026-12-05T09:00:00.000Z") }).pillars).toBe("none");
    expect(pillarShown(syncInsight({ ...running, historyAt: null }), true, "loyalty")).toBe(false);
  });

  it("shows three, and says re-engagement fills in as return details arrive", () => {
    const insight = syncInsight(running);
    expect(insight.pillars).toBe("three");
    expect(insight.text).toBe(
      "Loyalty, lifecycle and affinity are ready. Contextual re-engagement fills in as return details arrive (1,200 of 30,000 returns read).",
    );
    expect(pillarShown(insight, true, "affinity")).toBe(true);
    expect(pillarShown(insight, true, "reengagement")).toBe(true);
    expect(pillarShown({ ...insight, returnsRead: 0 }, true, "reengagement")).toBe(false);
  });

  it("shows four once the returns a relaunch came after are read, and everything when the sync is done", () => {
    const four = syncInsight({ ...running, relaunchedDoneAt: "2026-12-05T10:01:00.000Z" });
    expect(four.pillars).toBe("four");
    expect(four.text).toContain("All four pillars are ready");
    expect(syncInsight({ ...running, status: "completed", historyAt: null }).pillars).toBe("four");
    expect(pillarShown(null, false, "reengagement")).toBe(true);
  });
});
