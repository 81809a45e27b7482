// Every document the app sends is valid against the pinned Admin schema (2026-07); the bulk
// ones also satisfy Shopify's bulk restrictions.
import fs from "node:fs";
import path from "node:path";
import {
  getNamedType,
  isObjectType,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type GraphQLSchema,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { adminSchema, SUPPORTED_VERSIONS } from "~sim/graphql/schema";
import { bulkQueryProblems } from "./bulk-rules";

const dir = import.meta.dirname;

async function collectDocuments(): Promise<{ name: string; text: string }[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "bulk-rules.ts");
  const documents: { name: string; text: string }[] = [];
  for (const file of files) {
    const mod = (await import(/* @vite-ignore */ path.join(dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "string") documents.push({ name: `${file}:${name}`, text: value });
    }
  }
  return documents;
}

const PINNED = "2026-07";
const NEWEST = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];

/** Every `Type.field` a document selects that `schema` marks deprecated, with the reason. */
function deprecatedUses(schema: GraphQLSchema, text: string): string[] {
  const info = new TypeInfo(schema);
  const found: string[] = [];
  visit(
    parse(text),
    visitWithTypeInfo(info, {
      Field() {
        const field = info.getFieldDef();
        const parent = info.getParentType();
        if (field?.deprecationReason && parent)
          found.push(`${getNamedType(parent).name}.${field.name}: ${field.deprecationReason}`);
      },
    }),
  );
  return found;
}

/**
 * Deprecated in the newest version but with no replacement in the pinned one: Shopify deprecated
 * CustomerPhoneNumber.marketingState for smsMarketingConsent.state, which only exists from 2026-10,
 * while Customer.smsMarketingConsent is deprecated back towards it (docs/decisions/0134). Each entry
 * names the replacement field; the test fails once the pinned version has it.
 */
const NO_REPLACEMENT_YET: Record<string, [type: string, field: string]> = {
  "CustomerPhoneNumber.marketingState": ["CustomerPhoneNumber", "smsMarketingConsent"],
};

describe("Admin GraphQL documents", () => {
  let schema: GraphQLSchema;
  let documents: { name: string; text: string }[];
  beforeAll(async () => {
    // Shopify's real 2026-07 schema, vendored in simulator/schema/.
    schema = adminSchema(PINNED);
    documents = await collectDocuments();
  });

  it("finds the documents", () => {
    expect(documents.map((d) => d.name)).toEqual(
      expect.arrayContaining(["bulk.ts:ORDERS_BULK", "pages.ts:ORDERS_PAGE", "returns.ts:ORDER_RETURNS_BY_IDS"]),
    );
  });

  it("validates every exported document against admin 2026-07", () => {
    const failures = documents.flatMap((d) => validate(schema, parse(d.text)).map((e) => `${d.name}: ${e.message}`));
    expect(failures).toEqual([]);
  });

  it(`uses no field deprecated in the newest vendored version (${NEWEST})`, () => {
    const newest = adminSchema(NEWEST);
    const uses = documents.flatMap((d) => deprecatedUses(newest, d.text).map((u) => `${d.name}: ${u}`));
    expect(uses.filter((u) => !Object.keys(NO_REPLACEMENT_YET).some((k) => u.includes(` ${k}:`)))).toEqual([]);
    // An allowance lasts only while the pinned version lacks the replacement.
    for (const [used, [type, field]] of Object.entries(NO_REPLACEMENT_YET)) {
      const pinnedType = schema.getType(type);
      expect({ used, replacementInPinned: isObjectType(pinnedType) && field in pinnedType.getFields() }).toEqual({
        used,
        replacementInPinned: false,
      });
    }
  });

  it("reports a deprecated field", () => {
    expect(
      deprecatedUses(
        adminSchema(NEWEST),
        `{ customers(first: 1) { nodes { id smsMarketingConsent { marketingState } } } }`,
      ).join(),
    ).toContain("Customer.smsMarketingConsent");
  });

  it("keeps bulk documents within Shopify's bulk restrictions", () => {
    const bulk = documents.filter((d) => d.name.endsWith("_BULK"));
    expect(bulk.length).toBe(3);
    expect(bulk.flatMap((d) => bulkQueryProblems(schema, d.text).map((p) => `${d.name}: ${p}`))).toEqual([]);
  });

  it("rejects documents that break the bulk rules", () => {
    const nodes = `{ products { nodes { id } } }`;
    const deep = `{ orders { edges { node { id returns { edges { node { id returnLineItems { edges { node { id } } } } } } } } } }`;
    const noId = `{ products { edges { node { title variants { edges { node { id } } } } } } }`;
    const inList = `{ orders { edges { node { id fulfillments { events { edges { node { id } } } } } } } }`;
    expect(bulkQueryProblems(schema, nodes).join()).toContain("selects nodes");
    expect(bulkQueryProblems(schema, deep).join()).toContain("deeper than 2");
    expect(bulkQueryProblems(schema, noId).join()).toContain("must select id");
    expect(bulkQueryProblems(schema, inList).join()).toContain("inside a list field");
  });
});
