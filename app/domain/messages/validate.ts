// Checks a template when it is saved: syntax errors and unknown variables are rejected with
// their line and the list of variables the merchant may use.
import { LiquidError } from "liquidjs";
import { AVAILABLE_VARIABLES, isKnownVariable } from "./catalogue";
import { liquid } from "./engine-options";

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
  if (error instanceof LiquidError && position) return { line: Number(position[1]), column: Number(position[2]), message };
  return { line: position ? Number(position[1]) : 1, column: position ? Number(position[2]) : 1, message };
}

function describe(segments: readonly unknown[]): string {
  return segments.map((s) => (typeof s === "string" ? s : "[…]")).join(".");
}

export interface ValidateOptions {
  /** Variables not allowed in this field (the CTA URL cannot use {{ cta_url }}). */
  exclude?: readonly string[];
}

export function validateTemplate(source: string, options: ValidateOptions = {}): TemplateCheck {
  const excluded = new Set(options.exclude ?? []);
  let analysis;
  try {
    analysis = liquid.parseAndAnalyzeSync(source, undefined, { partials: false });
  } catch (error) {
    return { ok: false, errors: [syntaxError(error)], available: AVAILABLE_VARIABLES };
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
  return { ok: errors.length === 0, errors, available: AVAILABLE_VARIABLES };
}
