import { describe, expect, it } from "vitest";
import {
  countOf,
  currencySymbol,
  DEFAULT_LOCALE,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPercent,
  pluralForm,
  resolveLocale,
  shareOf,
  zonedFormat,
} from "./index";

// Known answers (ICU data as shipped in Node 20 and 22). Intl separates some parts with
// non-breaking spaces; nb() writes them as plain spaces so the expectations stay readable.
const nb = (s: string) => s.replace(/[\u00A0\u202F]/g, " ");

describe("formatMoney", () => {
  it("rounds to the currency's own digits", () => {
    expect(formatMoney("1234.50", "USD")).toBe("$1,234.50");
    expect(formatMoney("1234.5", "JPY")).toBe("¥1,235");
    expect(formatMoney("1234.4999", "JPY")).toBe("¥1,234");
    expect(nb(formatMoney("1234.5", "KWD"))).toBe("KWD 1,234.500");
    expect(nb(formatMoney("0.1235", "KWD"))).toBe("KWD 0.124");
    expect(formatMoney("1234.5", "EUR")).toBe("€1,234.50");
    expect(nb(formatMoney("1234.5", "CHF"))).toBe("CHF 1,234.50");
  });

  it("formats in the customer's locale", () => {
    expect(nb(formatMoney("1234.5", "CHF", { locale: "de-CH" }))).toBe("CHF 1'234.50");
    expect(nb(formatMoney("1234.5", "EUR", { locale: "de-DE" }))).toBe("1.234,50 €");
    expect(nb(formatMoney("1234.5", "EUR", { locale: "fr" }))).toBe("1 234,50 €");
    expect(formatMoney("1234.5", "JPY", { locale: "ja-JP" })).toBe("￥1,235");
    expect(formatMoney("1234.5", "USD", { locale: "en-CA" })).toBe("US$1,234.50");
  });

  it("keeps every digit of a decimal string and rounds half away from zero", () => {
    expect(formatMoney("12345678901234567.895", "USD")).toBe("$12,345,678,901,234,567.90");
    expect(formatMoney("0.125", "USD")).toBe("$0.13");
    expect(formatMoney("-0.125", "USD")).toBe("-$0.13");
    expect(formatMoney("1.005", "USD")).toBe("$1.01"); // 1.005 as a float is 1.00499…
    expect(formatMoney("-0.004", "USD")).toBe("$0.00");
    expect(formatMoney(48.5, "usd")).toBe("$48.50");
  });

  it("drops zero cents on request, and signs differences", () => {
    expect(formatMoney("5000.0000", "USD", { wholeIfInteger: true })).toBe("$5,000");
    expect(formatMoney("5000.5", "USD", { wholeIfInteger: true })).toBe("$5,000.50");
    expect(formatMoney(1.5, "USD", { signed: true })).toBe("+$1.50");
    expect(formatMoney(-1.5, "EUR", { signed: true })).toBe("-€1.50");
  });

  it("refuses what is not an amount or a currency, with the value in the message", () => {
    for (const bad of ["", "abc", "1e3", "1,234.50", "12.", NaN, Infinity]) {
      expect(() => formatMoney(bad, "USD"), String(bad)).toThrow(/not a decimal amount/);
    }
    for (const bad of ["", "US", "US$", "dollars"])
      expect(() => formatMoney("1", bad), bad).toThrow(/not a currency code/);
  });
});

describe("dates", () => {
  const at = new Date("2026-11-22T23:30:00Z");

  it("formats the UTC day in the locale", () => {
    expect(formatDate(at)).toBe("November 22, 2026");
    expect(formatDate(at, { style: "medium" })).toBe("Nov 22, 2026");
    expect(formatDate(at, { locale: "de-DE" })).toBe("22. November 2026");
    expect(formatDate(at, { locale: "fr" })).toBe("22 novembre 2026");
    expect(formatDate(at, { locale: "ja-JP" })).toBe("2026年11月22日");
    expect(formatDate("2026-03-01T00:00:00Z", { locale: "en-GB" })).toBe("1 March 2026");
    expect(formatDate(at, { timeZone: "Asia/Tokyo" })).toBe("November 23, 2026");
  });

  it("names the zone of a time", () => {
    expect(nb(formatDateTime(at))).toBe("Nov 22, 2026, 11:30 PM UTC");
    expect(() => formatDate("not a date")).toThrow(/not a date/);
  });

  it("reads wall-clock parts in a zone from one formatter per zone, and refuses an unknown zone", () => {
    const parts = (fields: "day" | "clock" | "full") =>
      zonedFormat("Asia/Tokyo", fields)
        .formatToParts(at)
        .filter((p) => p.type !== "literal")
        .map((p) => `${p.type}=${p.value}`);
    expect(parts("day")).toEqual(["month=11", "day=23", "year=2026"]);
    expect(parts("clock")).toEqual(["hour=08", "minute=30"]);
    expect(parts("full")).toEqual(["weekday=Mon", "month=11", "day=23", "year=2026", "hour=08", "minute=30"]);
    expect(zonedFormat("Asia/Tokyo", "day")).toBe(zonedFormat("Asia/Tokyo", "day"));
    expect(() => zonedFormat("Mars/Olympus", "day")).toThrow(RangeError);
  });
});

describe("resolveLocale", () => {
  it("keeps supported tags and falls back to en-US", () => {
    expect(resolveLocale("pt_BR")).toBe("pt-BR");
    expect(resolveLocale("fr")).toBe("fr");
    for (const tag of [null, undefined, "", "  ", "not a tag!", "xx"])
      expect(resolveLocale(tag), String(tag)).toBe(DEFAULT_LOCALE);
  });
});

describe("countOf", () => {
  it("uses the singular for one only", () => {
    expect(countOf(1, "day")).toBe("1 day");
    expect(countOf(0, "day")).toBe("0 days");
    expect(countOf(2, "day")).toBe("2 days");
    expect(countOf(1000, "order")).toBe("1,000 orders");
    expect(countOf(1, "person", "people")).toBe("1 person");
    expect(countOf(3, "person", "people")).toBe("3 people");
  });
});

describe("pluralForm", () => {
  it("picks the words for the count, by the English plural rules", () => {
    expect(pluralForm(1, "it sends", "they send")).toBe("it sends");
    expect(pluralForm(0, "it sends", "they send")).toBe("they send");
    expect(pluralForm(2, ["it"], ["them"])).toEqual(["them"]);
  });
});

describe("formatPercent", () => {
  it("shows a share with at most one decimal, in the locale", () => {
    expect(formatPercent(0.41)).toBe("41%");
    expect(formatPercent(0.098)).toBe("9.8%");
    expect(formatPercent(0.09849)).toBe("9.8%");
    expect(formatPercent(0.0004)).toBe("0%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0.12345, { maxDigits: 2 })).toBe("12.35%");
    expect(nb(formatPercent(0.415, { locale: "de-DE" }))).toBe("41,5 %");
    expect(nb(formatPercent(0.415, { locale: "fr" }))).toBe("41,5 %");
    expect(() => formatPercent(NaN)).toThrow(/not a share/);
  });

  it("has no share of an empty whole", () => {
    expect(shareOf(1, 4)).toBe(0.25);
    expect(shareOf(0, 0)).toBeNull();
  });
});

describe("currencySymbol", () => {
  it("is the sign the locale writes beside an amount of that currency", () => {
    expect(currencySymbol("USD")).toBe("$");
    expect(currencySymbol("JPY")).toBe("¥");
    expect(currencySymbol("EUR", "de-DE")).toBe("€");
    expect(currencySymbol("CHF")).toBe("CHF");
    expect(() => currencySymbol("dollars")).toThrow(/not a currency code/);
  });
});
