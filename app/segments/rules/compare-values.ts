// What a compare rule's value must look like for its field kind and op, and how values compare.
import { compareDecimal, isDecimal, toDecimalString } from "./decimal";
import { type FieldKind, type FieldSpec } from "./fields";
import { type Scalar } from "./types";

const ORDERED_KINDS: readonly FieldKind[] = ["integer", "number", "decimal", "date"];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function scalarProblem(spec: FieldSpec, value: unknown): string | null {
  switch (spec.kind) {
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value)
        ? null
        : `value ${JSON.stringify(value)} must be a whole number`;
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? null
        : `value ${JSON.stringify(value)} must be a number`;
    case "decimal":
      return (typeof value === "number" && Number.isFinite(value) && !/e/i.test(String(value))) ||
        (typeof value === "string" && isDecimal(value))
        ? null
        : `value ${JSON.stringify(value)} must be a decimal (e.g. 5000 or "5000.00")`;
    case "date":
      return typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : `value ${JSON.stringify(value)} must be an ISO-8601 date (e.g. "2026-01-31" or "2026-01-31T12:00:00Z")`;
    case "id":
      return typeof value === "string" && /^\d+$/.test(value)
        ? null
        : `value ${JSON.stringify(value)} must be a numeric id string`;
    case "enum":
      return typeof value === "string" && spec.values!.includes(value)
        ? null
        : `value ${JSON.stringify(value)} must be one of ${spec.values!.join(", ")}`;
    case "string":
      return typeof value === "string" ? null : `value ${JSON.stringify(value)} must be a string`;
  }
}

export function compareValueProblem(spec: FieldSpec, op: string, value: unknown): string | null {
  if (op === "isSet") return value === undefined ? null : `op "isSet" takes no value`;
  if (value === undefined) return `op "${op}" needs a value`;
  if (op === "in") {
    if (!Array.isArray(value) || value.length === 0) return `op "in" needs a non-empty array value`;
    return value.map((v) => scalarProblem(spec, v)).find((p) => p !== null) ?? null;
  }
  if (op === "between") {
    if (!Array.isArray(value) || value.length !== 2) return `op "between" needs a [low, high] array value`;
    if (!ORDERED_KINDS.includes(spec.kind))
      return `op "between" needs a number, decimal or date field, "${spec.kind}" is not ordered`;
    const problem = value.map((v) => scalarProblem(spec, v)).find((p) => p !== null);
    if (problem) return problem;
    return compareScalars(spec.kind, value[0], value[1]) > 0
      ? `between: low ${JSON.stringify(value[0])} is above high ${JSON.stringify(value[1])}`
      : null;
  }
  if (Array.isArray(value)) return `op "${op}" needs a single value, not an array`;
  if (["gt", "gte", "lt", "lte"].includes(op) && !ORDERED_KINDS.includes(spec.kind)) {
    return `op "${op}" needs a number, decimal or date field, "${spec.kind}" is not ordered`;
  }
  return scalarProblem(spec, value);
}

/** Rule values as they compare: decimals as strings, dates as epoch ms, the rest as given. */
export function normaliseScalar(kind: FieldKind, value: Scalar): string | number {
  if (kind === "decimal") return toDecimalString(value);
  if (kind === "date") return Date.parse(String(value));
  return value;
}

/** Compares a (valid) rule value pair or a fact against a rule value; -1, 0, 1. */
export function compareScalars(kind: FieldKind, a: Scalar | Date, b: Scalar | Date): number {
  if (kind === "decimal") return compareDecimal(toDecimalString(a as Scalar), toDecimalString(b as Scalar));
  const x = kind === "date" ? toMs(a) : a;
  const y = kind === "date" ? toMs(b) : b;
  return x === y ? 0 : x < y ? -1 : 1;
}

function toMs(value: Scalar | Date): number {
  return value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
}
