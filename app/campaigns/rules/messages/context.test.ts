import { describe, expect, it } from "vitest";
import type { MessageFacts } from "./catalogue";
import { buildScope } from "./context";
import { sampleFacts } from "./fixtures";

const nb = (s: string) => s.replace(/[\u00A0\u202F]/g, " ");

function scopeFor(currencyCode: string, total: string, locale: string | null = null) {
  const facts = sampleFacts({
    lastOrder: { name: "#1", processedAt: new Date("2026-11-22T10:00:00Z"), total },
    milestone: { kind: "lifetime_spend", threshold: "5000", reachedAt: new Date("2026-03-01T12:00:00Z") },
  });
  const withShop: MessageFacts = {
    ...facts,
    shop: { ...facts.shop, currencyCode },
    customer: { ...facts.customer, locale },
  };
  const scope = buildScope(withShop) as {
    last_order: { total: string; date: string };
    milestone: { label: string; date: string };
  };
  return {
    total: nb(scope.last_order.total),
    date: scope.last_order.date,
    label: nb(scope.milestone.label),
    milestoneDate: scope.milestone.date,
  };
}

describe("money and dates in messages", () => {
  it("round to the currency's own digits (known answers)", () => {
    expect(scopeFor("USD", "1234.5000").total).toBe("$1,234.50");
    expect(scopeFor("JPY", "1234.5000").total).toBe("¥1,235");
    expect(scopeFor("KWD", "1234.5000").total).toBe("KWD 1,234.500");
    expect(scopeFor("CHF", "1234.5000").total).toBe("CHF 1,234.50");
    expect(scopeFor("EUR", "-12.3").total).toBe("-€12.30");
    expect(scopeFor("USD", "48.5").label).toBe("$5,000 spent with us");
    expect(scopeFor("JPY", "48.5").label).toBe("¥5,000 spent with us");
  });

  it("follow the customer's locale when it has one, else en-US", () => {
    const fr = scopeFor("EUR", "1234.5", "fr");
    expect([fr.total, fr.date, fr.label, fr.milestoneDate]).toEqual([
      "1 234,50 €",
      "22 novembre 2026",
      "5 000 € spent with us",
      "1 mars 2026",
    ]);
    expect(scopeFor("CHF", "1234.5", "de-CH").total).toBe("CHF 1'234.50");
    expect(scopeFor("USD", "1234.5", "en_US").date).toBe("November 22, 2026");
    for (const locale of [null, "", "not a locale!"]) {
      expect(scopeFor("USD", "1234.5", locale), String(locale)).toMatchObject({
        total: "$1,234.50",
        date: "November 22, 2026",
      });
    }
  });
});
