import { describe, expect, it } from "vitest";
import { classifyClick, TOO_SOON_MS, type ClickFacts } from "./link-scanners";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const sent = new Date("2026-12-01T10:00:00Z");
const later = (ms: number) => new Date(sent.getTime() + ms);
const facts = (over: Partial<ClickFacts> = {}): ClickFacts => ({
  method: "GET",
  userAgent: CHROME,
  clickedAt: later(3_600_000),
  deliveredAt: sent,
  ...over,
});

describe("classifyClick", () => {
  it("counts a browser click well after delivery", () => {
    expect(classifyClick(facts())).toEqual({ machine: false });
    expect(classifyClick(facts({ userAgent: IPHONE, clickedAt: later(TOO_SOON_MS) }))).toEqual({ machine: false });
  });

  it("treats HEAD requests as machines whatever the agent", () => {
    expect(classifyClick(facts({ method: "HEAD" }))).toMatchObject({ machine: true, reason: "head_request" });
    expect(classifyClick(facts({ method: "head" }))).toMatchObject({ machine: true, reason: "head_request" });
  });

  it("treats a missing or blank agent as a machine", () => {
    expect(classifyClick(facts({ userAgent: null }))).toMatchObject({ reason: "no_user_agent" });
    expect(classifyClick(facts({ userAgent: "   " }))).toMatchObject({ reason: "no_user_agent" });
  });

  it("names known security gateways", () => {
    for (const [agent, vendor] of [
      ["Barracuda Sentinel (EE)", "Barracuda"],
      ["Mozilla/5.0 (compatible; Proofpoint URL Defense)", "Proofpoint"],
      ["Mimecast-URL-Protect/1.0", "Mimecast"],
      ["Mozilla/5.0 Symantec ClickTime", "Symantec ClickTime"],
      ["Mozilla/5.0 (compatible; BingPreview/1.0b)", "Microsoft Safe Links"],
    ] as const) {
      const verdict = classifyClick(facts({ userAgent: agent }));
      expect(verdict).toMatchObject({ machine: true, reason: "scanner_agent" });
      expect(verdict.machine && verdict.detail.startsWith(`${vendor}: `)).toBe(true);
    }
  });

  it("treats crawlers, headless browsers and HTTP libraries as machines", () => {
    for (const agent of [
      "python-requests/2.32.3",
      "curl/8.5.0",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
      "Googlebot/2.1 (+http://www.google.com/bot.html)",
    ]) {
      expect(classifyClick(facts({ userAgent: agent }))).toMatchObject({ machine: true, reason: "bot_agent" });
    }
  });

  it("treats a browser click within seconds of delivery as a machine (a sandboxed gateway)", () => {
    expect(classifyClick(facts({ clickedAt: later(2_000) }))).toEqual({
      machine: true,
      reason: "too_soon",
      detail: "2000 ms",
    });
    // A clock skew that puts the click before the send is not a human either.
    expect(classifyClick(facts({ clickedAt: later(-500) }))).toMatchObject({ reason: "too_soon", detail: "0 ms" });
    // Unknown delivery time: the agent decides.
    expect(classifyClick(facts({ clickedAt: later(1), deliveredAt: null }))).toEqual({ machine: false });
  });

  it("keeps the recorded detail short", () => {
    const verdict = classifyClick(facts({ userAgent: `Barracuda ${"x".repeat(5_000)}` }));
    expect(verdict.machine && verdict.detail.length).toBe(200);
  });
});
