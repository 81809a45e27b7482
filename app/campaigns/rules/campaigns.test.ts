import { describe, expect, it } from "vitest";
import { pillarSegment } from "~/segments/rules/pillars";
import { renderMessage } from "~/campaigns/rules/messages/render";
import { emptyFacts, sampleFacts } from "~/campaigns/rules/messages/fixtures";
import { validateDraft } from "./draft";
import { pillarTemplates } from "./pillar-templates";
import { latestOccurrence, zonedTime } from "./schedule";
import { describeTrigger } from "./trigger";

const fromTemplate = (key: string) => {
  const t = pillarTemplates().find((x) => x.key === key)!;
  return {
    name: t.name,
    pillar: t.pillar,
    segmentId: null,
    definition: pillarSegment(t.pillar, t.segmentVariant),
    trigger: t.trigger,
    ...t.message,
    holdoutPercent: t.holdoutPercent,
    attributionDays: t.attributionDays,
  };
};

describe("pillar templates", () => {
  it("cover the four pillars, with three lifecycle check-ins", () => {
    const keys = pillarTemplates().map((t) => t.key);
    expect(keys).toEqual([
      "loyalty-thank-you",
      "lifecycle-day-7",
      "lifecycle-day-14",
      "lifecycle-day-30",
      "affinity-premium",
      "reengagement-relaunch",
    ]);
    expect(pillarTemplates("lifecycle").map((t) => t.trigger)).toEqual(
      [7, 14, 30].map((delayDays) => ({ kind: "event", event: "order_placed", delayDays })),
    );
  });

  it("each pass validation and render with and without facts", () => {
    for (const t of pillarTemplates()) {
      const result = validateDraft(fromTemplate(t.key));
      expect(result, t.key).toMatchObject({ ok: true });
      const full = renderMessage(t.message, sampleFacts());
      const empty = renderMessage(t.message, emptyFacts());
      for (const out of [full, empty]) {
        expect(out.subject).not.toMatch(/\{\{|\s,|^\s|undefined|null/);
        expect(out.ctaUrl).toMatch(/^https:\/\//);
      }
    }
    expect(renderMessage(pillarTemplates("loyalty")[0].message, emptyFacts()).subject).toBe(
      "there, thank you for a milestone with us",
    );
  });

  it("the loyalty invite carries no discount", () => {
    const loyalty = pillarTemplates("loyalty")[0].message;
    expect(`${loyalty.subject} ${loyalty.body}`).not.toMatch(/discount|% off|coupon/i);
  });
});

describe("validateDraft", () => {
  it("reports every bad field with its reason", () => {
    const result = validateDraft({
      name: "",
      pillar: "nope",
      definition: { type: "compare", field: "netSpend", op: "gte", value: "lots" },
      trigger: { kind: "event", event: "order_placed", delayDays: -1 },
      subject: "Hi {{ customer.nickname }}",
      body: "line 1\n{% if shop.name %}",
      ctaUrl: "{{ cta_url }}",
      holdoutPercent: 80,
      attributionDays: 0,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      "attributionDays",
      "body",
      "ctaUrl",
      "definition",
      "holdoutPercent",
      "name",
      "pillar",
      "subject",
      "trigger",
    ]);
    expect(result.errors.subject![0]).toMatch(
      /^Line 1, column 7: Unknown variable "customer.nickname". Available variables: customer.first_name/,
    );
    expect(result.errors.body![0]).toMatch(/^Line 2/);
    expect(result.errors.trigger![0]).toMatch(/^delayDays:/);
  });

  it("accepts a saved segment id instead of a definition, and rejects delivery triggers", () => {
    const ok = validateDraft({ ...fromTemplate("lifecycle-day-7"), segmentId: "seg_1", definition: undefined });
    expect(ok).toMatchObject({ ok: true, draft: { segmentId: "seg_1", definition: null } });
    const delivered = validateDraft({
      ...fromTemplate("lifecycle-day-7"),
      trigger: { kind: "event", event: "order_delivered", delayDays: 7 },
    });
    expect(delivered.ok === false && delivered.errors.trigger?.[0]).toMatch(/Delivery dates/);
  });
});

describe("schedule", () => {
  it("finds the latest daily occurrence in the shop's timezone", () => {
    expect(zonedTime(2026, 11, 10, 9, 0, "America/New_York")).toEqual(new Date("2026-11-10T14:00:00Z"));
    const now = new Date("2026-11-10T13:00:00Z"); // 08:00 in New York
    expect(latestOccurrence(now, "09:00", undefined, "America/New_York")).toEqual(new Date("2026-11-09T14:00:00Z"));
    expect(latestOccurrence(new Date("2026-11-10T14:00:00Z"), "09:00", undefined, "America/New_York")).toEqual(
      new Date("2026-11-10T14:00:00Z"),
    );
    // 2026-11-10 is a Tuesday; Mondays only → the 9th.
    expect(latestOccurrence(new Date("2026-11-10T20:00:00Z"), "09:00", [1], "America/New_York")).toEqual(
      new Date("2026-11-09T14:00:00Z"),
    );
  });

  it("describes triggers for the UI", () => {
    expect(describeTrigger({ kind: "event", event: "order_placed", delayDays: 7 })).toBe(
      "7 days after an order is placed",
    );
    expect(describeTrigger({ kind: "event", event: "order_placed", delayDays: 1 })).toBe(
      "1 day after an order is placed",
    );
    expect(describeTrigger({ kind: "event", event: "order_delivered", delayDays: 1 })).toBe(
      "1 day after an order is delivered",
    );
    expect(describeTrigger({ kind: "schedule", time: "10:00", weekdays: [1, 3] })).toBe("Every Mon, Wed at 10:00");
  });
});
