import { describe, expect, it } from "vitest";
import { adminDocumentErrors } from "./validate-document";

describe("adminDocumentErrors", () => {
  it("accepts the platform notes' order page query and rejects fields Shopify lacks", () => {
    expect(
      adminDocumentErrors(
        `query($first:Int!){ orders(first:$first){ nodes{ id returns(first:5){ nodes{ returnLineItems(first:5){ nodes{ ... on ReturnLineItem { returnReasonDefinition { handle } fulfillmentLineItem { lineItem { id } } } } } } } } } }`,
      ),
    ).toEqual([]);
    expect(adminDocumentErrors(`{ customers(first: 1) { nodes { id loyaltyTier } } }`)[0]).toMatch(/loyaltyTier/);
    expect(adminDocumentErrors(`{ shop { name }`)[0]).toMatch(/Syntax Error/);
  });
});
