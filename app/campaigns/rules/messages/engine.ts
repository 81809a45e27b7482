// One LiquidJS engine and a cache of parsed templates: parsing dominates the cost of a render,
// and a campaign renders the same three templates for every recipient.
import { TokenKind, Tokenizer } from "liquidjs";
import { catalogueEntry } from "./catalogue";
import type { LiquidScope } from "./context";
import { liquid, urlLiquid } from "./engine-options";
import { assertCompilable, describeRenderError, MAX_RENDERED_LENGTH, RENDER_LIMIT_MS } from "./limits";
import { finishUrl, withoutMarkers } from "./url";

export { liquid, urlLiquid };
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
const urlCache = new Map<string, CompiledTemplate>();

function remember(store: Map<string, CompiledTemplate>, source: string, compiled: CompiledTemplate): CompiledTemplate {
  // Templates change rarely; a full reset keeps memory bounded without LRU bookkeeping.
  if (store.size >= MAX_CACHED) store.clear();
  store.set(source, compiled);
  return compiled;
}

const overTime = (error: unknown) => error instanceof Error && error.message.includes("template render limit exceeded");
const MAX_TRIES = 3;

/** CPU milliseconds this process has used (user + system); NaN where there is no `process`. */
function cpuMs(): number {
  const usage = globalThis.process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : NaN;
}

/**
 * LiquidJS's render limit is wall-clock time, so a process that the machine did not run for a
 * while (a busy host, a GC pause) trips it on a template that costs microseconds. Over the limit
 * while using less than half of it in CPU time is such a stall: render again, up to MAX_TRIES. A
 * template that really costs that much fails at once (decision 0151).
 */
function renderWithinLimit(render: CompiledTemplate, scope: LiquidScope): string {
  for (let attempt = 1; ; attempt++) {
    const cpuAtStart = cpuMs();
    try {
      return render(scope);
    } catch (error) {
      const stalled = cpuMs() - cpuAtStart < RENDER_LIMIT_MS / 2;
      if (!overTime(error) || !stalled || attempt >= MAX_TRIES) throw error;
    }
  }
}

/** Applies the limits that LiquidJS does not: rendered length, and clear messages for its own. */
function bounded(render: CompiledTemplate): CompiledTemplate {
  return (scope) => {
    let out: string;
    try {
      out = renderWithinLimit(render, scope);
    } catch (error) {
      throw new Error(describeRenderError(error), { cause: error });
    }
    // Checked before the text is used: a long render is a rope that has not been copied yet.
    if (out.length > MAX_RENDERED_LENGTH) throw new Error(describeRenderError(new Error("rendered text is too long")));
    return out;
  };
}

/** Compiles (with fallbacks) once per distinct source. Throws on bad syntax, partials or a template over the limits. */
export function compile(source: string): CompiledTemplate {
  const cached = cache.get(source);
  if (cached) return cached;
  assertCompilable(source);
  const parsed = liquid.parse(withFallbacks(source));
  return remember(
    cache,
    source,
    bounded((scope) => liquid.renderSync(parsed, scope) as string),
  );
}

/** The call-to-action link: values are percent-encoded where they land inside it; http(s) only (url.ts). */
export function compileUrl(source: string): CompiledTemplate {
  const cached = urlCache.get(source);
  if (cached) return cached;
  assertCompilable(source);
  // urlLiquid's outputEscape marks every printed value; finishUrl encodes the marked values.
  const parsed = urlLiquid.parse(withFallbacks(withoutMarkers(source)));
  return remember(
    urlCache,
    source,
    bounded((scope) => finishUrl(urlLiquid.renderSync(parsed, scope) as string)),
  );
}

export function renderSource(source: string, scope: LiquidScope): string {
  if (source === "") return "";
  return compile(source)(scope);
}

export function renderUrl(source: string, scope: LiquidScope): string {
  if (source.trim() === "") return "";
  return compileUrl(source)(scope);
}
