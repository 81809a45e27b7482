import { describe, expect, it } from "vitest";
import { DEFAULT_GUARDRAILS } from "~/delivery/rules/guardrails/settings";
import { guardrailSettings } from "~/delivery/rules/guardrails/settings";
import { parseSettings, readSettings, SETTINGS_DEFAULTS, storeSettings } from "~/shared/settings";

const form = (over: Record<string, string> = {}) => ({
  attributionDays: "7",
  capCount: "1",
  capDays: "7",
  quietStart: "21:00",
  quietEnd: "08:00",
  milestoneSpend: "5000",
  milestoneOrders: "10",
  milestoneYears: "2",
  holdoutPercent: "10",
  ...over,
});

describe("merchant settings", () => {
  it("defaults to the engines' own constants", () => {
    expect(readSettings({})).toEqual(SETTINGS_DEFAULTS);
    expect(SETTINGS_DEFAULTS).toMatchObject({
      attributionDays: 7,
      capCount: 1,
      capDays: 7,
      quietStart: DEFAULT_GUARDRAILS.quietStart,
      quietEnd: "08:00",
      milestoneSpend: 5000,
      milestoneOrders: 10,
      milestoneYears: 2,
      holdoutPercent: 10,
    });
  });

  it("stores the guardrails where the campaign engine reads them, keeping other keys", () => {
    const settings = { ...SETTINGS_DEFAULTS, capCount: 2, quietStart: "22:30", attributionDays: 30 };
    const stored = storeSettings({ other: true, guardrails: { legacy: 1 } }, settings);
    expect(guardrailSettings(stored.guardrails)).toEqual({
      capCount: 2,
      capDays: 7,
      quietStart: "22:30",
      quietEnd: "08:00",
    });
    expect(stored).toMatchObject({ other: true, attributionDays: 30, guardrails: { legacy: 1 } });
    expect(readSettings(stored)).toEqual(settings);
  });

  it("keeps valid stored values and replaces invalid ones field by field", () => {
    const read = readSettings({ attributionDays: 14, capCount: "many", quietStart: "25:00", holdoutPercent: 20 });
    expect(read).toMatchObject({ attributionDays: 14, capCount: 1, quietStart: "21:00", holdoutPercent: 20 });
    expect(readSettings(null)).toEqual(SETTINGS_DEFAULTS);
  });

  it("accepts a valid form and coerces numbers", () => {
    const parsed = parseSettings(form({ attributionDays: "30" }));
    expect(parsed).toEqual({ ok: true, settings: { ...SETTINGS_DEFAULTS, attributionDays: 30 } });
  });

  it("returns one clear message per invalid field", () => {
    const parsed = parseSettings(
      form({ attributionDays: "0", capCount: "1.5", quietStart: "9pm", holdoutPercent: "", milestoneSpend: "abc" }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({
      attributionDays: "Attribution window must be between 1 and 90",
      capCount: "Messages per customer must be a whole number",
      quietStart: "Quiet hours start must be a time such as 21:00 (24-hour clock)",
      holdoutPercent: "Enter a value",
      milestoneSpend: "Lifetime spend milestone must be a number",
    });
  });

  it("rejects quiet hours that start and end at the same time", () => {
    const parsed = parseSettings(form({ quietStart: "08:00", quietEnd: "08:00" }));
    expect(parsed).toEqual({
      ok: false,
      errors: { quietEnd: "Quiet hours must end at a different time than they start" },
    });
  });
});
