import { describe, expect, it } from "vitest";
import { emailConsent } from "./consent";
import { decide, type GuardrailInput } from "./decide";
import { firstAllowedByCap } from "./frequency";
import { holdoutBucket, isHeldOut } from "./holdout";
import { afterQuietHours, effectiveTimeZone } from "./quiet-hours";
import { DEFAULT_GUARDRAILS, guardrailSettings } from "./settings";

const d = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe("consent", () => {
  it("sends only to SUBSCRIBED customers with an email", () => {
    expect(emailConsent("SUBSCRIBED", "a@b.c")).toEqual({ ok: true });
    for (const s of ["PENDING", "NOT_SUBSCRIBED", "UNSUBSCRIBED", "REDACTED", "INVALID"]) {
      expect(emailConsent(s, "a@b.c")).toEqual({ ok: false, reason: `consent_${s.toLowerCase()}` });
    }
    expect(emailConsent("SUBSCRIBED", null)).toEqual({ ok: false, reason: "no_email" });
  });
});

describe("holdout", () => {
  it("is stable per customer and close to the percentage", () => {
    expect(holdoutBucket("c1", 42n)).toBe(holdoutBucket("c1", 42n));
    let held = 0;
    for (let i = 0; i < 20_000; i++) if (isHeldOut("campaign-x", BigInt(i), 10)) held++;
    expect(held / 20_000).toBeGreaterThan(0.09);
    expect(held / 20_000).toBeLessThan(0.11);
    expect(isHeldOut("c", 1n, 0)).toBe(false);
    expect(isHeldOut("c", 1n, 100)).toBe(true);
  });

  it("assigns independently per campaign", () => {
    let both = 0;
    for (let i = 0; i < 20_000; i++) if (isHeldOut("a", BigInt(i), 10) && isHeldOut("b", BigInt(i), 10)) both++;
    expect(both / 20_000).toBeLessThan(0.02);
  });
});

describe("frequency cap", () => {
  it("defers to seven days after the last message, and respects scheduled future ones", () => {
    const due = d("2026-11-10T12:00:00Z");
    expect(firstAllowedByCap(due, [], 1, 7)).toEqual(due);
    expect(firstAllowedByCap(due, [d("2026-11-05T09:00:00Z")], 1, 7)).toEqual(d("2026-11-12T09:00:00Z"));
    expect(firstAllowedByCap(due, [d("2026-11-03T12:00:00Z")], 1, 7)).toEqual(due);
    // A message scheduled three days later blocks until seven days after it.
    expect(firstAllowedByCap(due, [d("2026-11-13T12:00:00Z")], 1, 7)).toEqual(d("2026-11-20T12:00:00Z"));
  });

  it("allows up to count messages per window", () => {
    const due = d("2026-11-10T00:00:00Z");
    const two = [d("2026-11-08T00:00:00Z"), d("2026-11-09T00:00:00Z")];
    expect(firstAllowedByCap(due, two, 3, 7)).toEqual(due);
    expect(firstAllowedByCap(due, two, 2, 7)).toEqual(new Date(two[0].getTime() + 7 * DAY));
  });
});

describe("quiet hours", () => {
  it("moves a message due at night to 08:00 local time", () => {
    // 23:30 in New York (UTC-5 in November) is 04:30 UTC; 08:00 local is 13:00 UTC.
    expect(afterQuietHours(d("2026-11-10T04:30:00Z"), "America/New_York", "21:00", "08:00")).toEqual(
      d("2026-11-10T13:00:00Z"),
    );
    // 07:59 local → 08:00 the same morning; 12:00 local is untouched.
    expect(afterQuietHours(d("2026-11-10T12:59:00Z"), "America/New_York", "21:00", "08:00")).toEqual(
      d("2026-11-10T13:00:00Z"),
    );
    expect(afterQuietHours(d("2026-11-10T17:00:00Z"), "America/New_York", "21:00", "08:00")).toEqual(
      d("2026-11-10T17:00:00Z"),
    );
    // 21:00 Tokyo is quiet; the same instant in London (12:00) is not.
    expect(afterQuietHours(d("2026-11-10T12:00:00Z"), "Asia/Tokyo", "21:00", "08:00")).toEqual(
      d("2026-11-10T23:00:00Z"),
    );
    expect(afterQuietHours(d("2026-11-10T12:00:00Z"), "Europe/London", "21:00", "08:00")).toEqual(
      d("2026-11-10T12:00:00Z"),
    );
  });

  it("handles a window that does not span midnight and a DST night", () => {
    expect(afterQuietHours(d("2026-11-10T13:30:00Z"), "UTC", "13:00", "14:00")).toEqual(d("2026-11-10T14:00:00Z"));
    // Night of 2026-11-01 in New York: clocks go back at 02:00; 08:00 EST is 13:00 UTC.
    expect(afterQuietHours(d("2026-11-01T04:00:00Z"), "America/New_York", "21:00", "08:00")).toEqual(
      d("2026-11-01T13:00:00Z"),
    );
  });

  it("falls back from the customer's timezone to the shop's to UTC", () => {
    expect(effectiveTimeZone("Europe/Paris", "Asia/Tokyo")).toBe("Europe/Paris");
    expect(effectiveTimeZone("Not/AZone", "Asia/Tokyo")).toBe("Asia/Tokyo");
    expect(effectiveTimeZone(null, "")).toBe("UTC");
  });
});

describe("decide", () => {
  const base: GuardrailInput = {
    campaignId: "camp",
    customerId: 7n,
    holdoutPercent: 0,
    dueAt: d("2026-11-10T15:00:00Z"),
    validUntil: d("2026-11-20T15:00:00Z"),
    emailMarketing: "SUBSCRIBED",
    email: "a@b.c",
    customerTimeZone: null,
    shopTimeZone: "UTC",
    otherMessages: [],
    settings: DEFAULT_GUARDRAILS,
  };

  it("sends at the due time when nothing applies", () => {
    expect(decide(base)).toEqual({ status: "pending", scheduledFor: base.dueAt, adjustments: [] });
  });

  it("suppresses without consent before anything else", () => {
    expect(decide({ ...base, emailMarketing: "PENDING", holdoutPercent: 100 })).toMatchObject({
      status: "suppressed",
      reason: "consent_pending",
    });
  });

  it("holds out without sending", () => {
    expect(decide({ ...base, holdoutPercent: 100 })).toMatchObject({ status: "held_out", reason: "holdout" });
  });

  it("defers over the cap, then out of quiet hours, within validity", () => {
    const out = decide({ ...base, otherMessages: [d("2026-11-05T22:00:00Z")] });
    // 7 days after 22:00 UTC is quiet (21:00–08:00 UTC) → 08:00 the next morning.
    expect(out).toEqual({
      status: "pending",
      scheduledFor: d("2026-11-13T08:00:00Z"),
      adjustments: ["frequency_cap", "quiet_hours"],
    });
  });

  it("drops a message whose first allowed time is after the validity window, with the reason", () => {
    const out = decide({ ...base, validUntil: d("2026-11-11T15:00:00Z"), otherMessages: [d("2026-11-09T12:00:00Z")] });
    expect(out.status).toBe("suppressed");
    expect(out.status === "suppressed" && out.reason).toMatch(/^frequency_cap: next allowed 2026-11-16T12:00:00.000Z/);
  });
});

describe("settings", () => {
  it("keeps defaults for missing or invalid values", () => {
    expect(guardrailSettings(undefined)).toEqual(DEFAULT_GUARDRAILS);
    expect(guardrailSettings({ capDays: 14, quietStart: "22:30", capCount: -1, quietEnd: "8am" })).toEqual({
      ...DEFAULT_GUARDRAILS,
      capDays: 14,
      quietStart: "22:30",
    });
  });
});

describe("guardrailCopy", () => {
  it("states the rules with the shop's numbers", async () => {
    const { guardrailCopy } = await import("./settings");
    const copy = guardrailCopy({ capCount: 2, capDays: 14, quietStart: "22:00", quietEnd: "07:30" });
    expect(copy.frequencyCap).toMatch(
      /^Each customer gets at most 2 messages every 14 days across all campaigns\. A message over the limit waits/,
    );
    expect(copy.quietHours).toContain("between 22:00 and 07:30");
    expect(guardrailCopy(DEFAULT_GUARDRAILS).frequencyCap).toContain("at most one message every 7 days");
  });
});
