// For other areas' tests: validate a GraphQL document against Shopify's real Admin schema
// (pinned 2026-07) without a running simulator, so a field Shopify lacks fails our tests.
import { parse, validate, type GraphQLError } from "graphql";
import { adminSchema, DEFAULT_VERSION } from "./schema";

export function adminDocumentErrors(document: string, version: string = DEFAULT_VERSION): string[] {
  let doc;
  try {
    doc = parse(document);
  } catch (e) {
    return [(e as GraphQLError).message];
  }
  return validate(adminSchema(version), doc).map((e) => e.message);
}
