import { describe, expect, it } from "vitest";
import { pillarTemplates } from "~/domain/campaigns/pillar-templates";
import { buildScope } from "./context";
import { compileLiquid, urlLiquid, withFallbacks } from "./engine";
import { compileFast } from "./fast-path";
import { emptyFacts, sampleFacts } from "./fixtures";
import { markValue } from "./url";

describe("fast path", () => {
  const sources = [
    ...pillarTemplates().flatMap((t) => [t.message.subject, t.message.body, t.message.ctaUrl]),
    "Hi {{ customer.first_name | default: 'friend' | default: shop.name }}!\n{{ usual_size }}",
    "{{customer.first_name}}{{ last_order.total }} {{ milestone.threshold }}",
    "{% if usual_size %}size {{ usual_size }}{% else %}no size{% endif %}|{% unless milestone %}none{% endunless %}|{% if milestone %}{% if premium_product.name %}{{ premium_product.name }}{% endif %}{% endif %}",
  ].map(withFallbacks);

  it("renders exactly what LiquidJS renders", () => {
    const scopes = [buildScope(sampleFacts(), "https://x/cta"), buildScope(emptyFacts(), ""), buildScope(sampleFacts({ customer: { firstName: "", lastName: null }, usualSize: "" })), { ...buildScope(sampleFacts()), usual_size: "", milestone: false }];
    let fast = 0;
    for (const source of sources) {
      const compiled = compileFast(source);
      if (!compiled) continue;
      fast++;
      const reference = compileLiquid(source);
      for (const scope of scopes) expect(compiled(scope), source).toBe(reference(scope));
    }
    expect(fast).toBe(sources.length);
  });

  it("marks the link's values exactly as the link engine's outputEscape does", () => {
    const links = [
      ...pillarTemplates().map((t) => t.message.ctaUrl),
      "{{ premium_product.url | default: shop.url }}?n={{ customer.first_name }}&m={{ milestone.threshold | default: 'none' }}",
      "{% if premium_product %}{{ premium_product.url }}{% else %}{{ shop.url }}{% endif %}/x?s={{ usual_size }}",
    ].map(withFallbacks);
    const scopes = [buildScope(sampleFacts()), buildScope(emptyFacts()), buildScope(sampleFacts({ customer: { firstName: "a&b \uE000", lastName: null } }))];
    for (const source of links) {
      const compiled = compileFast(source, markValue);
      expect(compiled, source).not.toBeNull();
      const reference = compileLiquid(source, urlLiquid);
      for (const scope of scopes) expect(compiled!(scope), source).toBe(reference(scope));
    }
  });

  it("declines tags, other filters, whitespace control and non-leaf variables", () => {
    for (const source of ["{% if shop.name == 'x' %}x{% endif %}", "{% if a %}x{% endif %}", "{% if shop %}x", "{% for x in y %}{% endfor %}", "{{ shop.name | upcase }}", "{{- shop.name }}", "{{ milestone }}", "{{ shop.name | default: 'a', allow_false: true }}"]) {
      expect(compileFast(source), source).toBeNull();
    }
  });
});
