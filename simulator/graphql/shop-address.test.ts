// shop.shopAddress, which Rapport prints in every email's footer (app/delivery): the query the
// app sends is validated against the real schema and answered with a ShopAddress of Shopify's shape.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_SENDER_FACTS } from "~/shopify/queries/consent";
import { startTestSimulator, type TestSimulator } from "~tests/support/simulator";

let t: TestSimulator;
beforeAll(async () => {
  t = await startTestSimulator({ customers: 5 });
});
afterAll(() => t.stop());

describe("shop.shopAddress", () => {
  it("answers the app's sender query with every field it asks for", async () => {
    const data = await t.admin.request<{ shop: { name: string; shopAddress: Record<string, string | null> } }>(
      SHOP_SENDER_FACTS,
    );
    expect(data.shop.name).toBe(t.sim.shop.split(".")[0]);
    // Shopify's example ShopAddress (its docs use the Ottawa head office).
    expect(data.shop.shopAddress).toEqual({
      company: data.shop.name,
      address1: "150 Elgin Street",
      address2: "8th Floor",
      city: "Ottawa",
      provinceCode: "ON",
      zip: "K2P 1L4",
      country: "Canada",
    });
  });

  it("refuses a field ShopAddress does not have, as Shopify does", async () => {
    await expect(t.admin.request("{ shop { shopAddress { street } } }")).rejects.toThrow(/street/);
  });
});
