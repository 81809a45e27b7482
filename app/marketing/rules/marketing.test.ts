import { describe, expect, it } from "vitest";
import { campaignUrl, upsertInput, utmFor, withUtm } from "./activity";
import { dayWindow, daysToReport, engagementInput, localDay, MAX_DAYS_PER_RUN, nextDay } from "./engagement";

const campaign = {
  id: "cmp_1",
  name: "  VIP thank-you ",
  channel: "email",
  activatedAt: new Date("2026-11-01T09:00:00Z"),
};
const now = new Date("2026-12-05T12:00:00Z");

describe("the campaign as a marketing activity", () => {
  it("builds the whole upsert input with the campaign's UTM", () => {
    expect(upsertInput(campaign, "ACTIVE", "https://app.example/app/campaigns/cmp_1", now)).toEqual({
      remoteId: "cmp_1",
      title: "VIP thank-you",
      remoteUrl: "https://app.example/app/campaigns/cmp_1",
      status: "ACTIVE",
      tactic: "NEWSLETTER",
      marketingChannelType: "EMAIL",
      utm: { source: "rapport", medium: "email", campaign: "cmp_1" },
      start: "2026-11-01T09:00:00.000Z",
    });
    expect(
      upsertInput({ ...campaign, channel: "flow", activatedAt: null }, "INACTIVE", "https://x", now),
    ).toMatchObject({
      marketingChannelType: "REFERRAL",
      utm: { medium: "flow" },
      start: now.toISOString(),
      end: now.toISOString(),
    });
    expect(upsertInput({ ...campaign, name: " " }, "PAUSED", "https://x", now).title).toBe("Rapport campaign");
  });

  it("puts the UTM parameters on a destination, replacing the merchant's own three", () => {
    const utm = utmFor({ id: "c 1&x", channel: "shopify_email" });
    const url = new URL(withUtm("https://shop.example/p?a=1&utm_source=ig&utm_content=hero#top", utm));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      a: "1",
      utm_source: "rapport",
      utm_medium: "email",
      utm_campaign: "c 1&x",
      utm_content: "hero",
    });
    expect(url.hash).toBe("#top");
    expect(withUtm("not a url", utm)).toBe("not a url");
    expect(campaignUrl("https://app.example/", "a/b")).toBe("https://app.example/app/campaigns/a%2Fb");
  });
});

describe("engagement days", () => {
  it("knows each shop-local day's window and offset, DST days included", () => {
    expect(dayWindow("2026-07-01", "America/New_York")).toEqual({
      day: "2026-07-01",
      start: new Date("2026-07-01T04:00:00Z"),
      end: new Date("2026-07-02T04:00:00Z"),
      utcOffset: "-04:00",
    });
    // 1 Nov 2026: New York goes back to EST; the day has 25 hours.
    const fallBack = dayWindow("2026-11-01", "America/New_York");
    expect(fallBack.end.getTime() - fallBack.start.getTime()).toBe(25 * 3_600_000);
    expect(fallBack.utcOffset).toBe("-05:00");
    expect(dayWindow("2026-12-31", "Asia/Kolkata").utcOffset).toBe("+05:30");
    expect(dayWindow("2026-12-31", "UTC")).toMatchObject({
      utcOffset: "+00:00",
      end: new Date("2027-01-01T00:00:00Z"),
    });
    expect(() => dayWindow("2026-13-01x", "UTC")).toThrow(/YYYY-MM-DD/);
  });

  it("reports complete days only, each once, oldest first, bounded per run", () => {
    expect(localDay(now, "Pacific/Kiritimati")).toBe("2026-12-06");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(daysToReport("2026-12-02", now, "UTC", new Set(["2026-12-03"]))).toEqual(["2026-12-02", "2026-12-04"]);
    // In Kiritimati (UTC+14) it is already 6 December: the 5th is complete there.
    expect(daysToReport("2026-12-05", now, "Pacific/Kiritimati", new Set())).toEqual(["2026-12-05"]);
    expect(daysToReport("2026-12-05", now, "UTC", new Set())).toEqual([]);
    const backlog = daysToReport("2025-01-01", now, "UTC", new Set());
    expect(backlog).toHaveLength(MAX_DAYS_PER_RUN);
    expect(backlog[0]).toBe("2025-01-01");
  });

  it("reports sends only for the channel Rapport sends itself", () => {
    const window = dayWindow("2026-12-04", "UTC");
    const counts = { sends: 5, clicks: 2, unsubscribes: 1 };
    expect(engagementInput(window, counts, true)).toEqual({
      occurredOn: "2026-12-04",
      utcOffset: "+00:00",
      sendsCount: 5,
      clicksCount: 2,
      uniqueClicksCount: 2,
      unsubscribesCount: 1,
    });
    expect(engagementInput(window, counts, false)).not.toHaveProperty("sendsCount");
  });
});
