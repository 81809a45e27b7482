// The boundary: unknown JSON -> a SegmentRule, or errors that name the rule (by path) and the problem.
import { type z } from "zod";
import { compareValueProblem } from "./compare-values";
import { fieldSpec } from "./fields";
import { NODE_SCHEMAS } from "./schema";
import { EMAIL_MARKETING_STATES, RULE_TYPES, SMS_MARKETING_STATES, type SegmentRule } from "./types";

export interface SegmentError {
  /** e.g. "rules[2].rules[0]"; "" is the root rule. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; rule: SegmentRule } | { ok: false; errors: SegmentError[] };

const MAX_DEPTH = 12;
const MAX_NODES = 200;

export function parseSegment(input: unknown): ParseResult {
  const errors: SegmentError[] = [];
  const counter = { nodes: 0 };
  visit(input, "", 0, errors, counter);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rule: input as SegmentRule };
}

/** One line per error: `rules[2].rules[0] (compare netSpend): value must be a decimal`. */
export function formatSegmentErrors(errors: SegmentError[]): string {
  return errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("\n");
}

export class SegmentValidationError extends Error {
  constructor(readonly errors: SegmentError[]) {
    super(`invalid segment definition:\n${formatSegmentErrors(errors)}`);
    this.name = "SegmentValidationError";
  }
}

/** parseSegment that throws SegmentValidationError. */
export function assertSegment(input: unknown): SegmentRule {
  const result = parseSegment(input);
  if (!result.ok) throw new SegmentValidationError(result.errors);
  return result.rule;
}

function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

function describe(node: Record<string, unknown>): string {
  const name = typeof node.label === "string" ? ` "${node.label}"` : "";
  const detail =
    typeof node.field === "string"
      ? ` ${node.field}`
      : typeof node.kind === "string"
        ? ` ${node.kind}`
        : typeof node.by === "string"
          ? ` ${node.by}`
          : "";
  return `${String(node.type)}${detail}${name}`;
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
    return `${where}${issue.message}`;
  });
}

function visit(node: unknown, path: string, depth: number, errors: SegmentError[], counter: { nodes: number }): void {
  counter.nodes += 1;
  if (counter.nodes > MAX_NODES) {
    if (counter.nodes === MAX_NODES + 1) errors.push({ path, message: `too many rules (at most ${MAX_NODES})` });
    return;
  }
  if (depth > MAX_DEPTH) {
    errors.push({ path, message: `rules nested too deeply (at most ${MAX_DEPTH} levels)` });
    return;
  }
  if (typeof node !== "object" || node === null || Array.isArray(node)) {
    errors.push({ path, message: 'a rule must be an object with a "type"' });
    return;
  }
  const record = node as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== "string" || !(RULE_TYPES as readonly string[]).includes(type)) {
    errors.push({
      path,
      message: `unknown rule type ${JSON.stringify(type)} (expected one of ${RULE_TYPES.join(", ")})`,
    });
    return;
  }
  const parsed = NODE_SCHEMAS[type as keyof typeof NODE_SCHEMAS].safeParse(node);
  const name = describe(record);
  if (!parsed.success) {
    for (const problem of zodProblems(parsed.error)) errors.push({ path, message: `(${name}) ${problem}` });
    return;
  }
  for (const problem of semanticProblems(record)) errors.push({ path, message: `(${name}) ${problem}` });
  if (type === "all" || type === "any") {
    const rules = record.rules as unknown[];
    if (rules.length === 0) errors.push({ path, message: `(${name}) needs at least one rule in "rules"` });
    rules.forEach((child, i) => visit(child, joinPath(joinPath(path, "rules"), i), depth + 1, errors, counter));
  } else if (type === "not") {
    visit(record.rule, joinPath(path, "rule"), depth + 1, errors, counter);
  }
}

function semanticProblems(node: Record<string, unknown>): string[] {
  switch (node.type) {
    case "compare": {
      const spec = fieldSpec(node.field as string);
      if (!spec) return [`unknown field "${String(node.field)}"`];
      const problem = compareValueProblem(spec, node.op as string, node.value);
      return problem ? [problem] : [];
    }
    case "relativeDate": {
      const spec = fieldSpec(node.field as string);
      if (!spec) return [`unknown field "${String(node.field)}"`];
      return spec.kind === "date"
        ? []
        : [`field "${String(node.field)}" is a ${spec.kind}, relative dates need a date field`];
    }
    case "consent": {
      const allowed: readonly string[] = node.channel === "email" ? EMAIL_MARKETING_STATES : SMS_MARKETING_STATES;
      const bad = (node.states as string[]).filter((s) => !allowed.includes(s));
      return bad.length > 0
        ? [`unknown ${String(node.channel)} marketing state ${bad.join(", ")} (expected one of ${allowed.join(", ")})`]
        : [];
    }
    default:
      return [];
  }
}
