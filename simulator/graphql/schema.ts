// Shopify's real Admin schema (vendored introspection, simulator/schema/), built once per
// version per process.
import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const SUPPORTED_VERSIONS = ["2026-07", "2026-10"] as const;
export const DEFAULT_VERSION = "2026-07";

const cache = new Map<string, GraphQLSchema>();

export function schemaDir(): string {
  return process.env.SHOPIFY_ADMIN_SCHEMA_DIR ?? path.resolve(import.meta.dirname, "../schema");
}

export function adminSchema(version: string = DEFAULT_VERSION): GraphQLSchema {
  const hit = cache.get(version);
  if (hit) return hit;
  const file = path.join(schemaDir(), `admin_${version}.json.gz`);
  const introspection = JSON.parse(gunzipSync(fs.readFileSync(file)).toString("utf8")) as { data: IntrospectionQuery };
  const schema = buildClientSchema(introspection.data, { assumeValid: true });
  cache.set(version, schema);
  return schema;
}

export const isSupportedVersion = (v: string): boolean => (SUPPORTED_VERSIONS as readonly string[]).includes(v);
