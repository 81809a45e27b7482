import { describe, expect, it } from "vitest";
import { count, date, dateTime, money } from "./format";
import { estimateText } from "./lift-text";

const nb = (s: string) => s.replace(/[\u00A0\u202F]/g, " ");

describe("screen formatting", () => {
  it("shows money in the shop currency's own digits, and a dash for nothing or nonsense", () => {
    expect(money("1234.5", "JPY")).toBe("¥1,235");
    expect(nb(money("1234.5", "KWD"))).toBe("KWD 1,234.500");
    expect(money(1234.5)).toBe("$1,234.50");
    for (const v of [null, undefined, "", "abc"]) expect(money(v, "USD"), String(v)).toBe("—");
  });

  it("shows counts and UTC dates", () => {
    expect(count(1234567)).toBe("1,234,567");
    expect(count(null)).toBe("—");
    expect(date("2026-11-22T23:30:00Z")).toBe("Nov 22, 2026");
    expect(nb(dateTime(new Date("2026-11-22T23:30:00Z")))).toBe("Nov 22, 2026, 11:30 PM UTC");
    expect(date("not a date")).toBe("—");
  });

  it("writes revenue lift in the shop currency, signed", () => {
    const revenue = (x: number) => money(x, "JPY", { signed: true });
    const text = estimateText(
      { status: "ok", messaged: 500, holdout: 379.6, difference: 120.4, interval: { low: -30, high: 270.6 } },
      revenue,
    );
    expect(text).toBe("+¥120 (95% CI -¥30 to +¥271)");
  });
});
