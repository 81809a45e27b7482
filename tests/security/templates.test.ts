// Hostile message templates (issue #14): each is refused when saved, and a stored copy that is
// rendered anyway reads no file, leaks nothing from JavaScript's internals and stops fast.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateDraft } from "~/campaigns/rules/draft";
import { pillarTemplates } from "~/campaigns/rules/pillar-templates";
import { liquid, urlLiquid } from "~/campaigns/rules/messages/engine";
import { pillarSegment } from "~/segments/rules/pillars";
import { sampleFacts } from "~/campaigns/rules/messages/fixtures";
import { MAX_SOURCE_LENGTH, PARTIALS_MESSAGE } from "~/campaigns/rules/messages/limits";
import { renderMessage } from "~/campaigns/rules/messages/render";
import { validateTemplate } from "~/campaigns/rules/messages/validate";

// Text that only the files could supply.
const secrets = [readFileSync("package.json", "utf8").slice(0, 40), '"name": "', "DATABASE_URL", "root:x:0:0"];

const fileReads = [
  '{% include ".env" %}',
  "{% include '.env' %}",
  '{% render "package.json" %}',
  '{% include "package.json" %}',
  '{% render "./package.json" %}',
  '{% include "../package.json" %}',
  '{% include "../../etc/passwd" %}',
  '{% include "/etc/passwd" %}',
  '{% render "/proc/self/environ" %}',
  '{% layout "package.json" %}Hi',
  '{% layout "/etc/passwd" %}{% block x %}{% endblock %}',
  "{% include package %}",
  '{% include "package" , x: 1 %}',
  '{%- include ".env" -%}',
  '{% liquid\ninclude ".env"\n%}',
  '{% if shop %}{% include ".env" %}{% endif %}',
  '{% for i in (1..2) %}{% render "package.json" %}{% endfor %}',
  '{% capture x %}{% include ".env" %}{% endcapture %}{{ x }}',
];

const costly = [
  "{% for i in (1..10000000) %}x{% endfor %}",
  "{% for i in (1..1000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}",
  "{% for i in (1..100) %}{% for j in (1..100) %}{% for k in (1..100) %}{% for l in (1..100) %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
  '{% assign s = "ab" %}{% for i in (1..64) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}',
  '{% assign s = "ab" %}{% for i in (1..64) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}',
  `{% assign a = "${"x,".repeat(999)}x" | split: "," %}{% for i in a %}{% for j in a %}{% for k in a %}x{% endfor %}{% endfor %}{% endfor %}`,
  `{% for i in (1..300) %}{% for j in (1..300) %}${"y".repeat(15_000)}{% endfor %}{% endfor %}`,
  '{% liquid\nfor i in (1..10000000)\necho "x"\nendfor\n%}',
  '{{ "x" | prepend: "yyyy" | replace: "y", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" | replace: "z", "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwww" | replace: "w", "vvvvvvvvvvvvvvvvvvvvvvvvvvvv" | size }}',
];

const deep = [
  `${"{% if shop %}".repeat(25)}x${"{% endif %}".repeat(25)}`,
  `${"{% if shop %}".repeat(900)}x${"{% endif %}".repeat(900)}`,
  `{% liquid\n${"if shop\n".repeat(900)}${"endif\n".repeat(900)}%}`,
  `${"{% for i in (1..1) %}".repeat(30)}x${"{% endfor %}".repeat(30)}`,
];

const internals = [
  "{{ constructor.constructor }}",
  "{{ customer.__proto__ }}",
  '{{ "a" | split: "" | map: "constructor" }}',
  "{{ customer.constructor.name }}",
  '{{ customer["constructor"] }}',
  "{% assign f = shop.constructor %}{{ f.prototype }}",
  '{{ shop | map: "__proto__" | first }}',
  "{{ customer.first_name.constructor }}",
  '{{ "" | map: "__defineGetter__" }}',
];

const longInput = [
  "x".repeat(MAX_SOURCE_LENGTH.body + 1),
  "{{ shop.name }}".repeat(100_000),
  `{{ ${"customer.first_name | append: 'a' | ".repeat(5000)}}}`,
];

const message = (body: string) => ({ subject: "Hi", body, ctaUrl: "{{ shop.url }}" });

/** Renders a stored template as the worker would: an error is a failed message, never a crash. */
function renderStored(body: string): { ms: number; output: string; error: string | null } {
  const started = performance.now();
  try {
    const out = renderMessage(message(body), sampleFacts());
    return { ms: performance.now() - started, output: out.body, error: null };
  } catch (error) {
    return {
      ms: performance.now() - started,
      output: "",
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

function expectHarmless(source: string, result: ReturnType<typeof renderStored>) {
  expect(result.ms, source.slice(0, 80)).toBeLessThan(600);
  for (const secret of secrets)
    expect(`${result.output}${result.error ?? ""}`, source.slice(0, 80)).not.toContain(secret);
  expect(result.output, source.slice(0, 80)).not.toMatch(/function|native code|\[object/);
}

describe("hostile templates", () => {
  it("file reads: refused at save with the partials message; rendered anyway, they fail without reading", () => {
    for (const source of fileReads) {
      const check = validateTemplate(source);
      expect(check.ok, source).toBe(false);
      expect(check.errors[0].message, source).toContain(PARTIALS_MESSAGE);
      const stored = renderStored(source);
      expect(stored.error, source).toContain(PARTIALS_MESSAGE);
      expectHarmless(source, stored);
    }
  });

  it("the engines have no file system at all", () => {
    for (const engine of [liquid, urlLiquid]) {
      for (const file of ["package.json", ".env", "/etc/passwd", "../package.json"]) {
        expect(() => engine.renderFileSync(file), file).toThrow(/ENOENT|Failed to lookup/);
        expect(engine.options.fs.existsSync(file), file).toBe(false);
      }
    }
  });

  it("costly loops and string growth: refused at save, and a stored copy stops fast with the reason", () => {
    for (const source of costly) {
      const check = validateTemplate(source);
      expect(check.ok, source.slice(0, 80)).toBe(false);
      expect(check.errors[0].message, source.slice(0, 80)).toMatch(
        /too much text|longer than 100 ms|longer than 100,000 characters|characters long/,
      );
      const stored = renderStored(source);
      expect(stored.error, source.slice(0, 80)).toMatch(
        /too much text|longer than 100 ms|longer than 100,000 characters|characters long/,
      );
      expectHarmless(source, stored);
    }
  });

  it("deep nesting: refused at save and at render", () => {
    for (const source of deep) {
      const check = validateTemplate(source);
      expect(check.ok, source.slice(0, 60)).toBe(false);
      expect(check.errors[0].message, source.slice(0, 60)).toMatch(/nested more than 20 deep|characters long/);
      const stored = renderStored(source);
      expect(stored.error, source.slice(0, 60)).toMatch(/nested more than 20 deep|characters long/);
      expectHarmless(source, stored);
    }
  });

  it("object internals: refused at save; rendered anyway, they print nothing of JavaScript's", () => {
    for (const source of internals) {
      const check = validateTemplate(source);
      expect(check.ok, source).toBe(false);
      expect(check.errors[0].message, source).toMatch(/is not available in messages/);
      expectHarmless(source, renderStored(source));
    }
  });

  it("very long input: refused at save by the field's cap, and a stored copy is not compiled", () => {
    for (const source of longInput) {
      const check = validateTemplate(source);
      expect(check.ok).toBe(false);
      expect(check.errors[0].message).toMatch(/characters long; the limit is 20,000/);
      const stored = renderStored(source);
      expect(stored.error).toMatch(/characters long; the limit is 20,000/);
      expectHarmless(source.slice(0, 80), stored);
    }
    expect(validateTemplate("x".repeat(201), { field: "subject" }).errors[0].message).toBe(
      "The subject is 201 characters long; the limit is 200.",
    );
    expect(validateTemplate(`https://a.example/${"x".repeat(2000)}`, { field: "ctaUrl" }).errors[0].message).toMatch(
      /The link is 2,018 characters long; the limit is 2,000/,
    );
  });

  it("the campaign editor's validation shows the reasons per field", () => {
    const [t] = pillarTemplates("loyalty");
    const draft = {
      name: t.name,
      pillar: t.pillar,
      segmentId: null,
      definition: pillarSegment(t.pillar, t.segmentVariant),
      trigger: t.trigger,
      ...t.message,
      holdoutPercent: t.holdoutPercent,
      attributionDays: t.attributionDays,
    };
    expect(validateDraft(draft).ok).toBe(true);
    const result = validateDraft({
      ...draft,
      subject: '{% include ".env" %}',
      body: costly[0],
      ctaUrl: "javascript:alert(1)//{{ shop.url }}",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.subject?.[0]).toContain(PARTIALS_MESSAGE);
    expect(result.errors.body?.[0]).toMatch(/too much text/);
    expect(result.errors.ctaUrl?.[0]).toMatch(/must start with https:\/\//);
  });

  it("ordinary templates still pass and render", () => {
    for (const t of pillarTemplates()) {
      for (const [field, source] of [
        ["subject", t.message.subject],
        ["body", t.message.body],
        ["ctaUrl", t.message.ctaUrl],
      ] as const) {
        expect(
          validateTemplate(source, { field, exclude: field === "ctaUrl" ? ["cta_url"] : [] }),
          `${t.key} ${field}`,
        ).toMatchObject({ ok: true });
      }
    }
    const loop =
      "{% for i in (1..3) %}{{ i }}{% unless forloop.last %}, {% endunless %}{% endfor %}: {{ customer.first_name | upcase }}";
    expect(validateTemplate(loop).ok).toBe(true);
    expect(renderStored(loop).output).toBe("1, 2, 3: ADA");
    expect(validateTemplate("A constructor of fine prototype furniture, {{ customer.first_name }}").ok).toBe(true);
  });
});
