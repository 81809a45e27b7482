// The JSON Schema subset used by shopify-webhook-schemas (type, properties, required, items,
// anyOf/oneOf, enum): enough to check our payloads against Shopify's published shapes.

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
}

const SCALARS = new Set(["string", "number", "integer", "boolean"]);

const typeOf = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : typeof v === "number"
        ? Number.isInteger(v)
          ? "integer"
          : "number"
        : typeof v;

export function validateJson(schema: Schema, value: unknown, path = "$"): string[] {
  const errors: string[] = [];
  if (schema.anyOf || schema.oneOf) {
    const options = (schema.anyOf ?? schema.oneOf)!;
    if (!options.some((s) => validateJson(s, value, path).length === 0))
      errors.push(`${path}: matches none of ${options.length} alternatives`);
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    errors.push(`${path}: not in enum`);
  if (schema.type) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    // A property Shopify's examples only ever showed as null carries no type information.
    if (allowed.length === 1 && allowed[0] === "null") return errors;
    const actual = typeOf(value);
    // The schemas are inferred from examples, which cannot show that a scalar may be null;
    // objects and arrays must still match.
    if (actual === "null" && allowed.every((t) => SCALARS.has(t) || t === "null")) return errors;
    const ok = allowed.includes(actual) || (actual === "integer" && allowed.includes("number"));
    if (!ok) return [...errors, `${path}: expected ${allowed.join("|")}, got ${actual}`];
  }
  if (typeOf(value) === "object" && schema.properties) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}.${key}: required`);
    for (const [key, sub] of Object.entries(schema.properties))
      if (key in obj) errors.push(...validateJson(sub, obj[key], `${path}.${key}`));
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((item, i) => errors.push(...validateJson(schema.items!, item, `${path}[${i}]`)));
  return errors;
}
