import { describe, expect, it } from "vitest";
import { withFallbacks } from "./engine";
import { emptyFacts, sampleFacts } from "./fixtures";
import { renderMessage } from "./render";

const template = {
  subject: "{{ customer.first_name }}, {{ milestone.label }}!",
  body: "Thanks for {{ milestone.label }} at {{ shop.name }}. Try {{ premium_product.name }}: {{ cta_url }}\nSize {{ usual_size | default: 'any' }}",
  ctaUrl: "{{ premium_product.url | default: shop.url }}",
};

describe("renderMessage", () => {
  it("fills every variable from the customer's facts", () => {
    const out = renderMessage(template, sampleFacts());
    expect(out.subject).toBe("Ada, your 10th order!");
    expect(out.ctaUrl).toBe("https://acme.myshopify.com/products/reserve");
    expect(out.body).toBe(
      "Thanks for your 10th order at Acme Coffee. Try House Blend Reserve: https://acme.myshopify.com/products/reserve\nSize M",
    );
  });

  it("uses catalogue fallbacks, and the template's own default wins over them", () => {
    const out = renderMessage(template, emptyFacts());
    expect(out.subject).toBe("there, a milestone with us!");
    expect(out.ctaUrl).toBe("https://acme.myshopify.com");
    expect(out.body).toContain("Try our premium edition: https://acme.myshopify.com\nSize any");
    const own = renderMessage(
      { subject: "Hi {{ customer.first_name | default: 'friend' }}", body: "", ctaUrl: "" },
      emptyFacts(),
    );
    expect(own.subject).toBe("Hi friend");
  });

  it("formats milestones, money and dates", () => {
    const facts = sampleFacts({
      milestone: { kind: "lifetime_spend", threshold: "5000", reachedAt: new Date("2026-03-01T12:00:00Z") },
    });
    const out = renderMessage(
      {
        subject: "{{ milestone.label }} on {{ milestone.date }}",
        body: "{{ last_order.total }} {{ last_order.date }}",
        ctaUrl: "",
      },
      facts,
    );
    expect(out.subject).toBe("$5,000 spent with us on March 1, 2026");
    expect(out.body).toBe("$48.50 November 22, 2026");
    const years = renderMessage(
      { subject: "{{ milestone.label }}", body: "", ctaUrl: "" },
      sampleFacts({ milestone: { kind: "anniversary_years", threshold: "2", reachedAt: new Date() } }),
    );
    expect(years.subject).toBe("2 years with us");
  });

  it("does not HTML-escape or execute customer data", () => {
    const out = renderMessage(
      { subject: "{{ customer.first_name }}", body: "", ctaUrl: "" },
      sampleFacts({ customer: { firstName: "{{ shop.name }} <b>", lastName: null } }),
    );
    expect(out.subject).toBe("{{ shop.name }} <b>");
  });
});

describe("withFallbacks", () => {
  it("adds the fallback only to bare catalogue outputs with a fallback", () => {
    expect(withFallbacks("{{ customer.first_name }} {{ shop.name }} {{- usual_size -}}")).toBe(
      '{{ customer.first_name | default: "there" }} {{ shop.name }} {{- usual_size -}}',
    );
    expect(withFallbacks("{{ customer.first_name | upcase }}")).toBe(
      '{{ customer.first_name | upcase | default: "there" }}',
    );
    expect(withFallbacks("{{ customer.first_name | default: 'x' }}")).toBe("{{ customer.first_name | default: 'x' }}");
  });
});
