import { describe, expect, it } from "vitest";
import {
  EMPTY_MEMORY,
  guideSteps,
  parseGuideIntent,
  readGuideMemory,
  setupGuide,
  type GuideFacts,
} from "./setup-guide";

const fresh: GuideFacts = {
  syncStatus: null,
  emailVerified: false,
  flowWorkflowOn: false,
  campaigns: 0,
  firstDraftId: null,
  activatedCampaigns: 0,
};
const allDone: GuideFacts = {
  syncStatus: "completed",
  emailVerified: true,
  flowWorkflowOn: false,
  campaigns: 1,
  firstDraftId: null,
  activatedCampaigns: 1,
};
const done = (facts: GuideFacts) => Object.fromEntries(guideSteps(facts).map((s) => [s.id, s.done]));

describe("setup guide steps", () => {
  it("a fresh shop has every step to do, in the order of the first hour", () => {
    expect(guideSteps(fresh).map((s) => s.id)).toEqual(["sync", "channel", "campaign", "activate"]);
    expect(done(fresh)).toEqual({ sync: false, channel: false, campaign: false, activate: false });
  });

  it("the sync is done only when the backfill completed, not while it runs or after it failed", () => {
    for (const status of ["queued", "running", "failed"])
      expect(done({ ...fresh, syncStatus: status }).sync).toBe(false);
    expect(done({ ...fresh, syncStatus: "completed" }).sync).toBe(true);
    expect(guideSteps({ ...fresh, syncStatus: "running" })[0].action.label).toBe("See progress");
  });

  it("a verified email sender or a Flow workflow that is on connects a channel; a configured but unverified sender does not", () => {
    expect(done({ ...fresh, emailVerified: true }).channel).toBe(true);
    expect(done({ ...fresh, flowWorkflowOn: true }).channel).toBe(true);
    expect(done(fresh).channel).toBe(false);
  });

  it("a draft campaign makes the campaign step done and the activate step link to that draft", () => {
    const steps = guideSteps({ ...fresh, campaigns: 1, firstDraftId: "c 1/x" });
    expect(steps.find((s) => s.id === "campaign")!.done).toBe(true);
    const activate = steps.find((s) => s.id === "activate")!;
    expect(activate.done).toBe(false);
    expect(activate.action.url).toBe("/app/campaigns/c%201%2Fx");
    expect(guideSteps(fresh).find((s) => s.id === "activate")!.action.url).toBe("/app/campaigns");
    expect(guideSteps(fresh).find((s) => s.id === "campaign")!.action.url).toBe("/app/campaigns/new");
    expect(guideSteps(fresh).find((s) => s.id === "channel")!.action.url).toBe("/app/settings");
  });
});

describe("setup guide display", () => {
  it("is open until every step is done, then folds and asks to be remembered once", () => {
    const partial = setupGuide({ ...allDone, activatedCampaigns: 0 }, EMPTY_MEMORY);
    expect(partial).toMatchObject({ display: "open", doneCount: 3, complete: false, rememberCompletion: false });
    const complete = setupGuide(allDone, EMPTY_MEMORY);
    expect(complete).toMatchObject({ display: "folded", doneCount: 4, complete: true, rememberCompletion: true });
    const remembered = setupGuide(allDone, { ...EMPTY_MEMORY, completedAt: "2026-12-05T08:00:00.000Z" });
    expect(remembered.rememberCompletion).toBe(false);
  });

  it("stays folded once completed even when a step is later undone (a paused campaign)", () => {
    const memory = { ...EMPTY_MEMORY, completedAt: "2026-12-05T08:00:00.000Z" };
    expect(setupGuide({ ...allDone, activatedCampaigns: 0 }, memory).display).toBe("folded");
  });

  it("follows the merchant's own fold or unfold, and a dismissed guide is hidden", () => {
    expect(setupGuide(fresh, { ...EMPTY_MEMORY, folded: true }).display).toBe("folded");
    expect(setupGuide(allDone, { ...EMPTY_MEMORY, folded: false }).display).toBe("open");
    expect(setupGuide(fresh, { ...EMPTY_MEMORY, dismissed: true }).display).toBe("hidden");
  });
});

describe("stored guide memory and intents", () => {
  it("reads what was stored and treats anything malformed as nothing remembered", () => {
    expect(
      readGuideMemory({ setupGuide: { completedAt: "2026-12-05T08:00:00.000Z", folded: false, dismissed: true } }),
    ).toEqual({
      completedAt: "2026-12-05T08:00:00.000Z",
      folded: false,
      dismissed: true,
    });
    for (const settings of [
      null,
      "x",
      [],
      {},
      { setupGuide: [] },
      { setupGuide: { completedAt: "soon", folded: "yes", dismissed: 1 } },
    ])
      expect(readGuideMemory(settings)).toEqual(EMPTY_MEMORY);
  });

  it("accepts only the three intents", () => {
    expect(["fold", "unfold", "dismiss"].map(parseGuideIntent)).toEqual(["fold", "unfold", "dismiss"]);
    for (const bad of ["", "FOLD", null, 1, "delete"]) expect(parseGuideIntent(bad)).toBeNull();
  });
});
