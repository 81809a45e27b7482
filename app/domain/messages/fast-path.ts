// Most message templates are text with `{{ variable }}` and `{{ variable | default: … }}` only.
// Those compile to a list of parts joined per render, several times faster than walking
// LiquidJS's template tree; anything else (tags, other filters, whitespace control) returns
// null and renders through LiquidJS. fast-path.test.ts checks both give the same output.
import { TokenKind, Tokenizer } from "liquidjs";
import { AVAILABLE_VARIABLES } from "./catalogue";
import type { LiquidScope } from "./context";
import { liquid } from "./engine-options";

type Part = string | ((scope: LiquidScope) => string);
type Getter = (scope: LiquidScope) => unknown;

const PATH = String.raw`[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*`;
const ARG = String.raw`"[^"]*"|'[^']*'|${PATH}`;
const OUTPUT = new RegExp(String.raw`^\s*(${PATH})\s*((?:\|\s*default\s*:\s*(?:${ARG})\s*)*)$`);
const DEFAULT_ARG = new RegExp(String.raw`\|\s*default\s*:\s*(${ARG})`, "g");
const leaves = new Set(AVAILABLE_VARIABLES);

function getter(path: string): Getter | null {
  if (!leaves.has(path)) return null;
  const keys = path.split(".");
  if (keys.length === 1) return (s) => s[keys[0]];
  return (s) => {
    let v: unknown = s;
    for (const k of keys) {
      if (v === null || typeof v !== "object") return undefined;
      v = (v as Record<string, unknown>)[k];
    }
    return v;
  };
}

function literalOrPath(arg: string): Getter | null {
  if (arg.startsWith('"') || arg.startsWith("'")) {
    const text = arg.slice(1, -1);
    return () => text;
  }
  return getter(arg);
}

// Liquid's `default`: falsy, empty string or empty array take the fallback.
const blank = (v: unknown) => v === null || v === undefined || v === false || v === "" || (Array.isArray(v) && v.length === 0);
const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));

export function compileFast(source: string): ((scope: LiquidScope) => string) | null {
  const parts: Part[] = [];
  for (const token of new Tokenizer(source).readTopLevelTokens(liquid.options)) {
    if (token.kind === TokenKind.HTML) {
      parts.push((token as unknown as { getContent(): string }).getContent());
      continue;
    }
    const delimited = token as unknown as { content: string; trimLeft: boolean; trimRight: boolean };
    if (token.kind !== TokenKind.Output || delimited.trimLeft || delimited.trimRight) return null;
    const match = OUTPUT.exec(delimited.content);
    if (!match) return null;
    const value = getter(match[1]);
    if (!value) return null;
    const fallbacks: Getter[] = [];
    for (const arg of match[2].matchAll(DEFAULT_ARG)) {
      const g = literalOrPath(arg[1]);
      if (!g) return null;
      fallbacks.push(g);
    }
    parts.push((scope) => {
      let v = value(scope);
      for (const f of fallbacks) if (blank(v)) v = f(scope);
      return text(v);
    });
  }
  return (scope) => {
    let out = "";
    for (const p of parts) out += typeof p === "string" ? p : p(scope);
    return out;
  };
}
