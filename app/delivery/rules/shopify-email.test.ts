import { describe, expect, it } from "vitest";
import {
  SHOPIFY_EMAIL_VARIABLES,
  shopifyEmailSetup,
  toShopifyEmailText,
  validateShopifyEmailText,
} from "./shopify-email";

describe("Shopify Email design text", () => {
  it("lists exactly the variables of Shopify's help page (shopify-platform.md §3b)", () => {
    expect([...SHOPIFY_EMAIL_VARIABLES].sort()).toEqual(
      [
        "data.customer.first_name",
        "data.customer.last_name",
        "data.customer.email",
        "data.customer.city",
        "data.customer.state",
        "data.customer.country",
        "email.subject",
        "email.preview_text",
        "shop.name",
        "shop.domain",
        "shop.url",
        "shop.shopify_domain",
        "all_products",
        "unsubscribe_link",
        "unsubscribe_url",
        "open_tracking",
      ].sort(),
    );
  });
  it("accepts Shopify Email's own variables, with filters and all_products lookups", () => {
    expect(
      validateShopifyEmailText(
        "Hi {{ data.customer.first_name | default: 'there' }} from {{shop.name}} {{ all_products['tee'].title }} {{ unsubscribe_link }}",
      ),
    ).toEqual({ ok: true, errors: [] });
  });
  it("refuses Rapport's variables, customer facts, trigger fields and logic, saying why", () => {
    const check = validateShopifyEmailText(
      "{{ customer.first_name }} {{ last_order.total }} {{ Body }} {{ data.customer.total_spent }} {% if x %}{% endif %}",
      "Body",
    );
    expect(check.ok).toBe(false);
    expect(check.errors.join("\n")).toMatch(
      /\{\{ customer.first_name \}\} is Rapport's variable; a Shopify Email design fills \{\{ data.customer.first_name \}\}/,
    );
    expect(check.errors.join("\n")).toMatch(
      /\{\{ last_order.total \}\} is something only Rapport knows.*Email channel/,
    );
    expect(check.errors.join("\n")).toMatch(/\{\{ Body \}\}: the Rapport message trigger's fields never reach/);
    expect(check.errors.join("\n")).toMatch(/cannot fill \{\{ data.customer.total_spent \}\}/);
    expect(check.errors.join("\n")).toMatch(/Liquid tags/);
    expect(check.errors.at(-1)).toMatch(/help.shopify.com/);
  });
  it("rewrites the Rapport variables that have an equivalent and leaves the rest to be flagged", () => {
    expect(toShopifyEmailText("Hi {{ customer.first_name }}, {{ last_order.name }} at {{ shop.name }}")).toBe(
      "Hi {{ data.customer.first_name }}, {{ last_order.name }} at {{ shop.name }}",
    );
  });
  it("gives the automation steps, branching on the trigger's Campaign field, and adds the unsubscribe link", () => {
    const setup = shopifyEmailSetup({
      campaignName: "VIP thanks",
      subject: "Thank you",
      body: "Hi {{ data.customer.first_name }}",
    });
    expect(setup.body).toBe("Hi {{ data.customer.first_name }}\n\n{{ unsubscribe_link }}");
    expect(setup.steps.join("\n")).toMatch(/“Rapport message › Campaign”, is equal to “VIP thanks”/);
    expect(setup.steps.join("\n")).toMatch(/Send marketing email/);
  });
});
