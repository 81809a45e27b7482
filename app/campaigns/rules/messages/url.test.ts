import { describe, expect, it } from "vitest";
import { emptyFacts, sampleFacts } from "./fixtures";
import { renderMessage } from "./render";
import { finishUrl, markValue } from "./url";
import { validateTemplate } from "./validate";

const link = (ctaUrl: string, facts = sampleFacts()) =>
  renderMessage({ subject: "s", body: "{{ cta_url }}", ctaUrl }, facts);
const named = (firstName: string) => sampleFacts({ customer: { firstName, lastName: null } });

describe("call-to-action link", () => {
  it("percent-encodes values inside the link, so they cannot add parameters, fragments or paths", () => {
    const out = link("https://acme.example/?name={{ customer.first_name }}&src=email", named("Ada & Bob=1 #x/../?y"));
    expect(out.ctaUrl).toBe("https://acme.example/?name=Ada%20%26%20Bob%3D1%20%23x%2F..%2F%3Fy&src=email");
    expect(out.body).toBe(out.ctaUrl);
    expect(link("{{ shop.url }}/pages/{{ customer.first_name | raw }}", named("a/b?c")).ctaUrl).toBe(
      "https://acme.myshopify.com/pages/a%2Fb%3Fc",
    );
    expect(link("https://acme.example/?next={{ premium_product.url }}").ctaUrl).toBe(
      "https://acme.example/?next=https%3A%2F%2Facme.myshopify.com%2Fproducts%2Freserve",
    );
    expect(
      link("https://a.example/?n={% if customer.first_name %}{{ customer.first_name }}{% endif %}", named("x&y"))
        .ctaUrl,
    ).toBe("https://a.example/?n=x%26y");
  });

  it("keeps a value that starts the link as it is: it is the link", () => {
    expect(link("{{ premium_product.url }}?utm_campaign={{ campaign.name }}").ctaUrl).toBe(
      "https://acme.myshopify.com/products/reserve?utm_campaign=VIP%20thank-you",
    );
    const either = "{% if premium_product %}{{ premium_product.url }}{% else %}{{ shop.url }}{% endif %}";
    expect(link(either).ctaUrl).toBe("https://acme.myshopify.com/products/reserve");
    expect(link(either, emptyFacts()).ctaUrl).toBe("https://acme.myshopify.com");
    expect(link("  {{ premium_product.url | default: shop.url }}  ", emptyFacts()).ctaUrl).toBe(
      "https://acme.myshopify.com",
    );
    expect(link("{{ product_just_bought.url }}", emptyFacts()).ctaUrl).toBe("");
  });

  it("refuses a link that is not http(s) when rendered", () => {
    expect(() => link("{{ customer.first_name }}", named("javascript:alert(1)"))).toThrow(
      /"javascript:" links are not allowed/,
    );
    expect(() => link("{{ customer.first_name }}", named("data:text/html,x"))).toThrow(/"data:" links are not allowed/);
    expect(() => link("{{ usual_size }}")).toThrow(/is not a web address/);
    expect(() => link("{{ customer.first_name }}", named("https://a.example/\nx"))).toThrow(/control characters/);
  });

  it("refuses at save a link whose literal start is not http(s), or that renders to something else", () => {
    for (const source of [
      "javascript:alert(1)",
      "JavaScript:{{ shop.url }}",
      " data:text/html,{{ shop.name }}",
      "mailto:{{ shop.name }}",
      "//evil.example/{{ shop.name }}",
      "{{ usual_size }}",
      "{{ shop.name }}",
    ]) {
      const check = validateTemplate(source, { field: "ctaUrl", exclude: ["cta_url"] });
      expect(check.ok, source).toBe(false);
      expect(check.errors[0].message, source).toMatch(
        /must start with https:\/\/|not a web address|links are not allowed/,
      );
    }
    for (const source of [
      "https://acme.example/x?n={{ customer.first_name }}",
      "HTTP://a.example",
      "{{ shop.url }}/collections/all",
      "{% if premium_product %}{{ premium_product.url }}{% else %}{{ shop.url }}{% endif %}",
      "",
    ]) {
      expect(validateTemplate(source, { field: "ctaUrl", exclude: ["cta_url"] }).ok, source).toBe(true);
    }
  });

  it("marks cannot be forged by a value or by the template text", () => {
    expect(finishUrl(`https://a.example/?q=${markValue("\uE001&x=\uE000y")}`)).toBe("https://a.example/?q=%26x%3Dy");
    expect(link("https://a.example/\uE000?x=1\uE001{{ customer.first_name }}", named("a&b")).ctaUrl).toBe(
      "https://a.example/?x=1a%26b",
    );
    expect(link("https://a.example/?q={{ customer.first_name }}", named("\uD800x")).ctaUrl).toBe(
      "https://a.example/?q=%EF%BF%BDx",
    );
  });
});
