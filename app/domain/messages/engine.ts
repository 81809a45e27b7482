// One LiquidJS engine and a cache of parsed templates: parsing dominates the cost of a render,
// and a campaign renders the same three templates for every recipient.
import { TokenKind, Tokenizer } from "liquidjs";
import { catalogueEntry } from "./catalogue";
import type { LiquidScope } from "./context";
import { liquid } from "./engine-options";
import { compileFast } from "./fast-path";

export { liquid };
export type CompiledTemplate = (scope: LiquidScope) => string;

const SIMPLE_OUTPUT = /^\s*([A-Za-z_][\w.]*)\s*(\|[\s\S]*)?$/;
const HAS_DEFAULT = /\|\s*default\s*:/;

/**
 * Appends the catalogue fallback to each `{{ variable … }}` that has no `default` filter of its
 * own, so `Hi {{ customer.first_name }}` reads "Hi there" for a customer without a name while
 * `{{ customer.first_name | default: "friend" }}` keeps the author's choice.
 */
export function withFallbacks(source: string): string {
  const tokens = new Tokenizer(source).readTopLevelTokens(liquid.options);
  let out = "";
  let cursor = 0;
  for (const token of tokens) {
    if (token.kind !== TokenKind.Output) continue;
    const [, end] = (token as unknown as { contentRange: [number, number] }).contentRange;
    const content = (token as unknown as { content: string }).content;
    const match = SIMPLE_OUTPUT.exec(content);
    if (!match || HAS_DEFAULT.test(match[2] ?? "")) continue;
    const fallback = catalogueEntry(match[1])?.fallback;
    if (!fallback) continue;
    out += `${source.slice(cursor, end)} | default: ${JSON.stringify(fallback)}`;
    cursor = end;
  }
  return cursor === 0 ? source : out + source.slice(cursor);
}

const MAX_CACHED = 2000;
const cache = new Map<string, CompiledTemplate>();

/** Through LiquidJS only (fast-path.test.ts compares the two). */
export function compileLiquid(source: string): CompiledTemplate {
  const parsed = liquid.parse(withFallbacks(source));
  return (scope) => liquid.renderSync(parsed, scope) as string;
}

/** Compiles (with fallbacks) once per distinct source. Throws liquidjs errors on bad syntax. */
export function compile(source: string): CompiledTemplate {
  let compiled = cache.get(source);
  if (!compiled) {
    const prepared = withFallbacks(source);
    // Parse through LiquidJS even on the fast path so a syntax error is always reported.
    const parsed = liquid.parse(prepared);
    compiled = compileFast(prepared) ?? ((scope) => liquid.renderSync(parsed, scope) as string);
    // Templates change rarely; a full reset keeps memory bounded without LRU bookkeeping.
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(source, compiled);
  }
  return compiled;
}

export function renderSource(source: string, scope: LiquidScope): string {
  if (source === "") return "";
  return compile(source)(scope);
}
