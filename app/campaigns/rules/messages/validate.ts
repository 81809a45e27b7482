// Checks a template when it is saved: syntax errors, partials, unknown variables and templates
// over the limits (limits.ts) are rejected with their line and the list of variables the merchant
// may use. A template that passes is trial-rendered for a sample and an empty customer, so loops
// that exceed the render limits and links that are not http(s) are refused here, not at send.
import { LiquidError, Tokenizer, TokenKind } from "liquidjs";
import { AVAILABLE_VARIABLES, isKnownVariable } from "./catalogue";
import { buildScope } from "./context";
import { compile, compileUrl } from "./engine";
import { liquid, urlLiquid } from "./engine-options";
import { emptyFacts, sampleFacts } from "./fixtures";
import { lengthProblem, nestingProblem, type TemplateField } from "./limits";
import { literalPrefixProblem } from "./url";

export interface TemplateError {
  line: number;
  column: number;
  message: string;
}

export interface TemplateCheck {
  ok: boolean;
  errors: TemplateError[];
  /** Every variable the merchant may use, for the error message and the editor. */
  available: readonly string[];
}

const POSITION = /, line:(\d+), col:(\d+)/;

function syntaxError(error: unknown): TemplateError {
  const raw = error instanceof Error ? error.message : String(error);
  const position = POSITION.exec(raw);
  const message = raw.replace(POSITION, "").replace(/\s+/g, " ").trim();
  if (error instanceof LiquidError && position)
    return { line: Number(position[1]), column: Number(position[2]), message };
  return { line: position ? Number(position[1]) : 1, column: position ? Number(position[2]) : 1, message };
}

function describe(segments: readonly unknown[]): string {
  return segments.map((s) => (typeof s === "string" ? s : "[…]")).join(".");
}

export interface ValidateOptions {
  /** Variables not allowed in this field (the CTA URL cannot use {{ cta_url }}). */
  exclude?: readonly string[];
  /** Which field the template is for: its length cap, and link rules for "ctaUrl". Default "body". */
  field?: TemplateField;
}

const RENDERED_AT = /\(line (\d+), column (\d+)\)/;
const SAMPLE_CTA = "https://acme.myshopify.com/products/reserve";

// JavaScript's object internals. Rendering never reaches them (ownPropertyOnly), but a template
// naming them is probing, not writing a message: refuse it with a clear reason.
const INTERNALS = /\b(__proto__|constructor|prototype|__defineGetter__|__lookupGetter__)\b/;

function internalsProblem(source: string): TemplateError | null {
  for (const token of new Tokenizer(source).readTopLevelTokens()) {
    if (token.kind !== TokenKind.Tag && token.kind !== TokenKind.Output) continue;
    const name = INTERNALS.exec((token as unknown as { content: string }).content)?.[1];
    if (!name) continue;
    const [line, column] = (token as unknown as { getPosition(): [number, number] }).getPosition();
    return { line, column, message: `"${name}" is not available in messages.` };
  }
  return null;
}

/** Renders the template for a sample and an empty customer; the first failure, if any. */
function trialRender(source: string, field: TemplateField): TemplateError | null {
  for (const facts of [sampleFacts(), emptyFacts()]) {
    try {
      if (field === "ctaUrl") compileUrl(source)(buildScope(facts));
      else compile(source)(buildScope(facts, SAMPLE_CTA));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = RENDERED_AT.exec(message);
      // The editor prints line and column itself.
      return {
        line: at ? Number(at[1]) : 1,
        column: at ? Number(at[2]) : 1,
        message: message.replace(RENDERED_AT, "").replace(/\s+\./, "."),
      };
    }
  }
  return null;
}

export function validateTemplate(source: string, options: ValidateOptions = {}): TemplateCheck {
  const field = options.field ?? "body";
  const excluded = new Set(options.exclude ?? []);
  const fail = (error: TemplateError): TemplateCheck => ({
    ok: false,
    errors: [error],
    available: AVAILABLE_VARIABLES,
  });
  // Shape first: a template over the caps is not parsed at all.
  const shape = lengthProblem(source, field) ?? nestingProblem(source);
  if (shape) return fail(shape);
  const prefix = field === "ctaUrl" ? literalPrefixProblem(source) : null;
  if (prefix) return fail({ line: 1, column: 1, message: prefix });
  let analysis;
  try {
    const internals = internalsProblem(source);
    if (internals) return fail(internals);
    analysis = (field === "ctaUrl" ? urlLiquid : liquid).parseAndAnalyzeSync(source, undefined, { partials: false });
  } catch (error) {
    return fail(syntaxError(error));
  }
  const errors: TemplateError[] = [];
  for (const references of Object.values(analysis.globals)) {
    for (const ref of references) {
      // Only the leading string segments name the variable; `x[0]` or `x[y]` stop the path.
      const names: string[] = [];
      for (const s of ref.segments) {
        if (typeof s !== "string") break;
        names.push(s);
      }
      const path = names.join(".");
      if (isKnownVariable(path) && !excluded.has(path)) continue;
      const available = AVAILABLE_VARIABLES.filter((v) => !excluded.has(v));
      errors.push({
        line: ref.location.row,
        column: ref.location.col,
        message: `${excluded.has(path) ? "Variable not allowed here" : "Unknown variable"} "${describe(ref.segments)}". Available variables: ${available.join(", ")}`,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  if (errors.length > 0) return { ok: false, errors, available: AVAILABLE_VARIABLES };
  const failed = source.trim() === "" ? null : trialRender(source, field);
  return failed ? fail(failed) : { ok: true, errors: [], available: AVAILABLE_VARIABLES };
}
