import { describe, expect, it } from "vitest";
import { AVAILABLE_VARIABLES } from "./catalogue";
import { validateTemplate } from "./validate";

describe("validateTemplate", () => {
  it("accepts catalogue variables, objects on the way to them, loops and assigns", () => {
    const source =
      "{% if milestone %}{{ milestone.label }}{% endif %}\n{% assign n = customer.first_name | default: 'you' %}{{ n }}";
    expect(validateTemplate(source)).toMatchObject({ ok: true, errors: [] });
  });

  it("rejects an unknown variable with its line and the available variables", () => {
    const check = validateTemplate("Hello\n\n{{ customer.nickname }} and {{ favorite_product.name }}");
    expect(check.ok).toBe(false);
    expect(check.errors.map((e) => [e.line, e.message.split(".")[0]])).toEqual([
      [3, 'Unknown variable "customer'],
      [3, 'Unknown variable "favorite_product'],
    ]);
    expect(check.errors[0].message).toContain("customer.nickname");
    expect(check.errors[0].message).toContain(AVAILABLE_VARIABLES.join(", "));
  });

  it("rejects a syntax error with its line", () => {
    const check = validateTemplate("line one\nline two {% if customer.first_name %}\nno end");
    expect(check.ok).toBe(false);
    expect(check.errors).toHaveLength(1);
    expect(check.errors[0].line).toBe(2);
    expect(check.errors[0].message).toMatch(/not closed/);
    const unclosed = validateTemplate("a\nb\n{{ shop.name ");
    expect(unclosed.errors[0].line).toBe(3);
  });

  it("rejects an unknown filter", () => {
    expect(validateTemplate("{{ shop.name | shout }}").ok).toBe(false);
  });

  it("can forbid a variable in one field", () => {
    const check = validateTemplate("{{ cta_url }}", { exclude: ["cta_url"] });
    expect(check.ok).toBe(false);
    expect(check.errors[0].message).toMatch(/not allowed here/);
  });
});
