// Most message templates are text with `{{ variable }}` and `{{ variable | default: … }}` only.
// Those compile to a list of parts joined per render, several times faster than walking
// LiquidJS's template tree; anything else (tags, other filters, whitespace control) returns
// null and renders through LiquidJS. fast-path.test.ts checks both give the same output.
import { TokenKind, Tokenizer } from "liquidjs";
import { AVAILABLE_VARIABLES } from "./catalogue";
import type { LiquidScope } from "./context";
import { liquid } from "./engine-options";

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

type Node = string | ((scope: LiquidScope) => string) | { test: Getter; negate: boolean; then: Node[]; otherwise: Node[] };

const CONDITION = new RegExp(String.raw`^\s*(if|unless)\s+(${PATH})\s*$`);
// Liquid (jsTruthy off): only nil and false are falsy; "" and 0 are truthy.
const truthy = (v: unknown) => v !== null && v !== undefined && v !== false;

function outputNode(content: string, escape?: (value: string) => string): Node | null {
  const match = OUTPUT.exec(content);
  if (!match) return null;
  const value = getter(match[1]);
  if (!value) return null;
  const fallbacks: Getter[] = [];
  for (const arg of match[2].matchAll(DEFAULT_ARG)) {
    const g = literalOrPath(arg[1]);
    if (!g) return null;
    fallbacks.push(g);
  }
  return (scope) => {
    let v = value(scope);
    for (const f of fallbacks) if (blank(v)) v = f(scope);
    return escape ? escape(text(v)) : text(v);
  };
}

function run(nodes: readonly Node[], scope: LiquidScope): string {
  let out = "";
  for (const n of nodes) {
    if (typeof n === "string") out += n;
    else if (typeof n === "function") out += n(scope);
    else out += run(truthy(n.test(scope)) !== n.negate ? n.then : n.otherwise, scope);
  }
  return out;
}

/**
 * Compiles text, simple outputs and `{% if x %}/{% unless x %}…{% else %}…{% endif %}` on catalogue
 * variables; null for anything else. `escape` is applied to each output, as LiquidJS's
 * `outputEscape` is (the link engine marks values with it). No loops: the cost is linear in the
 * template, which compile() has already bounded in length and nesting.
 */
export function compileFast(source: string, escape?: (value: string) => string): ((scope: LiquidScope) => string) | null {
  const root: Node[] = [];
  // Open blocks: where nodes go now, and the block (with its closing tag) being filled.
  const stack: { block: Extract<Node, { test: Getter }>; end: string; inElse: boolean }[] = [];
  const target = () => (stack.length === 0 ? root : stack[stack.length - 1].inElse ? stack[stack.length - 1].block.otherwise : stack[stack.length - 1].block.then);
  for (const token of new Tokenizer(source).readTopLevelTokens(liquid.options)) {
    if (token.kind === TokenKind.HTML) {
      target().push((token as unknown as { getContent(): string }).getContent());
      continue;
    }
    const delimited = token as unknown as { content: string; trimLeft: boolean; trimRight: boolean };
    if (delimited.trimLeft || delimited.trimRight) return null;
    if (token.kind === TokenKind.Output) {
      const node = outputNode(delimited.content, escape);
      if (!node) return null;
      target().push(node);
      continue;
    }
    if (token.kind !== TokenKind.Tag) return null;
    const content = delimited.content.trim();
    const condition = CONDITION.exec(content);
    if (condition) {
      const test = getter(condition[2]) ?? (isPrefixPath(condition[2]) ? objectGetter(condition[2]) : null);
      if (!test) return null;
      const block = { test, negate: condition[1] === "unless", then: [] as Node[], otherwise: [] as Node[] };
      target().push(block);
      stack.push({ block, end: condition[1] === "if" ? "endif" : "endunless", inElse: false });
      continue;
    }
    const open = stack[stack.length - 1];
    if (content === "else" && open && !open.inElse) open.inElse = true;
    else if (open && content === open.end) stack.pop();
    else return null;
  }
  if (stack.length > 0) return null;
  return (scope) => run(root, scope);
}

// `{% if milestone %}` tests an object on the way to catalogue leaves.
const objectPaths = new Set([...leaves].flatMap((p) => p.split(".").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("."))));
function isPrefixPath(path: string): boolean {
  return objectPaths.has(path);
}
function objectGetter(path: string): Getter {
  const keys = path.split(".");
  return (s) => {
    let v: unknown = s;
    for (const k of keys) {
      if (v === null || typeof v !== "object") return undefined;
      v = (v as Record<string, unknown>)[k];
    }
    return v;
  };
}
