import { describe, expect, it } from "vitest";
import { formatDate, money } from "./context";

describe("formatting", () => {
  it("matches Intl's en-US output", () => {
    for (const iso of ["2026-01-01T00:00:00Z", "2026-11-29T23:59:59Z", "1999-07-04T12:00:00Z"]) {
      const d = new Date(iso);
      expect(formatDate(d)).toBe(new Intl.DateTimeFormat("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(d));
    }
    for (const [amount, currency] of [["0", "USD"], ["48.5", "USD"], ["1234567.891", "USD"], ["-12.3", "EUR"], ["5000", "GBP"], ["99.99", "CAD"]]) {
      expect(money(amount, currency)).toBe(new Intl.NumberFormat("en-US", { style: "currency", currency }).format(Number(amount)));
    }
  });
});
