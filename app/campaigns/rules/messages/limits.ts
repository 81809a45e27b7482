// Bounds on what one message template may cost. A template is merchant input rendered once per
// recipient inside the worker and the editor's request: without bounds one template could stall
// the process for seconds or run it out of memory (issue #14). Decision 0101 explains the numbers.
import { Tokenizer, TokenKind } from "liquidjs";

export type TemplateField = "subject" | "body" | "ctaUrl";

/** Source length caps, checked at save. */
export const MAX_SOURCE_LENGTH: Readonly<Record<TemplateField, number>> = { subject: 200, body: 20_000, ctaUrl: 2_000 };
/** The longest source compile() accepts at all, for a stored template saved before the caps. */
export const MAX_ANY_SOURCE = MAX_SOURCE_LENGTH.body;
/** Blocks ({% if %}, {% for %}, …) inside blocks. Deeper nesting recurses deeply in the parser. */
export const MAX_NESTING = 20;
/** LiquidJS limits (per parse() or render() call). */
export const PARSE_LIMIT = 100_000; // characters, after the catalogue fallbacks are spliced in
export const RENDER_LIMIT_MS = 100;
export const MEMORY_LIMIT = 100_000; // characters/array slots allocated by filters and ranges
/** The longest rendered text of one field; checked before the text goes anywhere. */
export const MAX_RENDERED_LENGTH = 100_000;

export const PARTIALS_MESSAGE =
  "Partials ({% include %}, {% render %}, {% layout %}) are not available in messages: write the text into the template itself";

export interface ShapeProblem {
  line: number;
  column: number;
  message: string;
}

const number = (n: number) => n.toLocaleString("en-US");
const LABEL: Record<TemplateField, string> = { subject: "The subject", body: "The message", ctaUrl: "The link" };

export function lengthProblem(source: string, field: TemplateField): ShapeProblem | null {
  const max = MAX_SOURCE_LENGTH[field];
  if (source.length <= max) return null;
  return {
    line: 1,
    column: 1,
    message: `${LABEL[field]} is ${number(source.length)} characters long; the limit is ${number(max)}.`,
  };
}

// Tags whose body holds other tags; `end<name>` closes them.
const BLOCKS = new Set(["if", "unless", "for", "case", "capture", "tablerow", "comment", "raw"]);

/** The first place where blocks nest deeper than MAX_NESTING, counting `{% liquid %}` lines too. */
export function nestingProblem(source: string): ShapeProblem | null {
  let depth = 0;
  let tokens;
  try {
    tokens = new Tokenizer(source).readTopLevelTokens();
  } catch {
    return null; // a syntax error: the parser reports it with its position
  }
  for (const token of tokens) {
    if (token.kind !== TokenKind.Tag) continue;
    const { name, args } = token as unknown as { name: string; args: string };
    const names = name === "liquid" ? args.split("\n").map((l) => l.trim().split(/\s+/)[0]) : [name];
    for (const n of names) {
      if (BLOCKS.has(n)) depth++;
      else if (n.startsWith("end") && BLOCKS.has(n.slice(3))) depth = Math.max(0, depth - 1);
      if (depth > MAX_NESTING) {
        const [line, column] = (token as unknown as { getPosition(): [number, number] }).getPosition();
        return { line, column, message: `Tags are nested more than ${MAX_NESTING} deep; simplify the template.` };
      }
    }
  }
  return null;
}

/** Throws when a template is too long or too deep to compile, whatever field it came from. */
export function assertCompilable(source: string): void {
  if (source.length > MAX_ANY_SOURCE)
    throw new Error(
      `The template is ${number(source.length)} characters long; the limit is ${number(MAX_ANY_SOURCE)}.`,
    );
  const deep = nestingProblem(source);
  if (deep) throw new Error(`${deep.message} (line ${deep.line}, column ${deep.column})`);
}

const POSITION = /, line:(\d+), col:(\d+)/;

/** A render failure in words a merchant can act on, keeping LiquidJS's position. */
export function describeRenderError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const at = POSITION.exec(raw);
  const where = at ? ` (line ${at[1]}, column ${at[2]})` : "";
  if (raw.includes("memory alloc limit exceeded"))
    return `The template builds too much text when rendered: a loop or repeated append is too large${where}.`;
  if (raw.includes("template render limit exceeded"))
    return `The template takes longer than ${RENDER_LIMIT_MS} ms to render: its loops are too large${where}.`;
  if (raw.includes("Invalid string length") || raw.includes("rendered text is too long"))
    return `The rendered text is longer than ${number(MAX_RENDERED_LENGTH)} characters${where}.`;
  if (raw.includes("Maximum call stack size exceeded")) return `The template is nested too deeply${where}.`;
  return raw;
}
