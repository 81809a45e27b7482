import { describe, expect, it } from "vitest";
import { copyLines } from "~/ingest/rules/copy-text";
import type { GqlOrder } from "~/ingest/rules/graphql-types";
import { addOrder, batchOf } from "~/ingest/rules/map-graphql";
import { addOrderCopy, emptyOrderCopy, orderCopyRows } from "~/ingest/rules/order-copy";
import { preparedFor } from "~/ingest/rules/write-specs";
import { escapeText } from "~/ingest/rules/copy-text";

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });
const line = (id: string, extra: Record<string, unknown> = {}) => ({
  id: `gid://shopify/LineItem/${id}`,
  title: "Everyday Tee",
  variantTitle: "M",
  sku: "EVERYDAY-TEE-M",
  quantity: 2,
  currentQuantity: 1,
  product: { id: "gid://shopify/Product/8000000001" },
  variant: { id: "gid://shopify/ProductVariant/44000000103" },
  originalUnitPriceSet: money("22.62"),
  discountedTotalSet: money("45.24"),
  ...extra,
});

// Shaped like the simulator's bulk output (groupObjects), with every awkward value we could think of.
const orders = [
  {
    id: "gid://shopify/Order/5000000011001",
    name: "#12001",
    createdAt: "2026-09-19T18:00:00Z",
    processedAt: "2026-09-19T18:00:00Z",
    updatedAt: "2026-10-03T04:00:00Z",
    cancelledAt: null,
    test: false,
    displayFinancialStatus: "REFUNDED",
    returnStatus: "RETURNED",
    customer: { id: "gid://shopify/Customer/7000000000011" },
    subtotalPriceSet: money("22.62"),
    totalPriceSet: money("22.62"),
    totalRefundedSet: money("22.62"),
    refunds: [
      {
        id: "gid://shopify/Refund/50000000110011",
        createdAt: "2026-10-03T04:00:00Z",
        note: "Return refund",
        totalRefundedSet: money("22.62"),
      },
    ],
    lineItems: [line("500000001100101")],
    returns: [
      {
        id: "gid://shopify/Return/50000000110011",
        name: "#12001-R1",
        status: "CLOSED",
        createdAt: "2026-09-30T00:00:00Z",
        closedAt: "2026-10-03T04:00:00Z",
      },
    ],
  },
  {
    id: "gid://shopify/Order/0042?x=1",
    name: "tab\there back\\slash\nnew\rline ünï",
    createdAt: "2026-02-30T10:00:00.5Z",
    processedAt: "2026-01-01T10:00:00+02:00",
    updatedAt: "2026-01-01T10:00:00.123456Z",
    cancelledAt: "2026-01-02T00:00:00.000Z",
    test: true,
    displayFinancialStatus: null,
    returnStatus: null,
    customer: null,
    subtotalPriceSet: money("-0.5"),
    totalPriceSet: { shopMoney: { amount: "1e3".replace("1e3", "1000"), currencyCode: "E\\U\tR" } },
    totalRefundedSet: money(""),
    refunds: [
      { id: "gid://shopify/Refund/1", createdAt: "2026-03-31T23:59:59.999Z", note: null, totalRefundedSet: money("0") },
    ],
    lineItems: [
      line("7", {
        title: "a\tb\\c\nd",
        variantTitle: null,
        sku: "",
        product: null,
        variant: null,
        currentQuantity: null,
      }),
      line("8", {
        sku: null,
        variantTitle: "",
        quantity: 0,
        currentQuantity: 0,
        originalUnitPriceSet: money("0.0001"),
      }),
    ],
    returns: [
      { id: "gid://shopify/Return/9", name: null, status: "OPEN", createdAt: "2026-12-31T23:00:00Z", closedAt: null },
    ],
  },
  {
    id: "gid://shopify/Order/3",
    name: "#3",
    createdAt: "2026-07-01T18:00:00Z",
    processedAt: "2026-07-01T18:00:00Z",
    updatedAt: "2026-07-04T18:00:00Z",
    cancelledAt: null,
    test: false,
    displayFinancialStatus: "PAID",
    returnStatus: "NO_RETURN",
    customer: { id: "gid://shopify/Customer/3" },
    subtotalPriceSet: null,
    totalPriceSet: money("5200.00"),
    totalRefundedSet: null,
    lineItems: [],
    returns: [],
  },
  // Edited, no refunds: a line down to 1 of 3, a line removed whole, a line untouched.
  {
    id: "gid://shopify/Order/4",
    name: "#4",
    createdAt: "2026-07-01T18:00:00Z",
    processedAt: "2026-07-01T18:00:00Z",
    updatedAt: "2026-07-05T18:00:00Z",
    cancelledAt: null,
    test: false,
    displayFinancialStatus: "PAID",
    returnStatus: "NO_RETURN",
    customer: null,
    edited: true,
    refunds: [],
    subtotalPriceSet: money("10.00"),
    totalPriceSet: money("10.00"),
    totalRefundedSet: money("0"),
    returns: [],
    lineItems: [
      line("41", { quantity: 3, currentQuantity: 1 }),
      line("42", { quantity: 2, currentQuantity: 0 }),
      line("43", { quantity: 1, currentQuantity: 1 }),
    ],
  },
  // Edited, with a refund: bulk cannot tell refunded from removed units.
  {
    id: "gid://shopify/Order/5",
    name: "#5",
    createdAt: "2026-07-01T18:00:00Z",
    processedAt: "2026-07-01T18:00:00Z",
    updatedAt: "2026-07-05T18:00:00Z",
    cancelledAt: null,
    test: false,
    displayFinancialStatus: "PARTIALLY_REFUNDED",
    returnStatus: "NO_RETURN",
    customer: null,
    edited: true,
    refunds: [
      { id: "gid://shopify/Refund/51", createdAt: "2026-07-03T00:00:00Z", note: null, totalRefundedSet: money("1.00") },
    ],
    subtotalPriceSet: money("10.00"),
    totalPriceSet: money("10.00"),
    totalRefundedSet: money("1.00"),
    returns: [],
    lineItems: [line("51", { quantity: 2, currentQuantity: 1 }), line("52", { quantity: 1, currentQuantity: 0 })],
  },
] as unknown as GqlOrder[];

const dateColumns = new Set(["processedAt", "createdAt", "updatedAt", "cancelledAt", "closedAt", "syncedAt"]);

/** COPY text → cells, with timestamps as the instant PostgreSQL's timestamp(3) stores. */
function cells(text: string, key: "orders" | "lineItems" | "refunds" | "returns"): string[][] {
  const names = preparedFor(key).directColumns.map((c) => c[0]);
  return text
    .split("\n")
    .filter(Boolean)
    .map((row) => {
      const values = row.split("\t");
      expect(values.length).toBe(names.length);
      return values.map((v, i) => (dateColumns.has(names[i]) && v !== "\\N" ? String(Math.round(Date.parse(v))) : v));
    });
}

describe("addOrderCopy", () => {
  const shop = "shop\twith.myshopify.com";
  const syncedAt = new Date("2026-11-29T05:31:00.250Z");

  it("stores exactly what addOrder + copyLines store", () => {
    const out = emptyOrderCopy();
    for (const o of orders) addOrderCopy(out, escapeText(shop), o, syncedAt.toISOString());
    const batch = batchOf((b) => orders.forEach((o) => addOrder(b, shop, o, syncedAt)));
    expect(orderCopyRows(out)).toBe(
      batch.orders.length + batch.lineItems.length + batch.refunds.length + batch.returns.length,
    );
    for (const key of ["orders", "lineItems", "refunds", "returns"] as const) {
      const expected = copyLines(batch[key] as unknown as Record<string, unknown>[], preparedFor(key).directColumns);
      expect(cells(out[key].contents().toString("utf8"), key)).toEqual(cells(expected, key));
    }
  });

  it("applies an edit without refunds and leaves an edit with refunds to be read again", () => {
    const out = emptyOrderCopy();
    for (const o of orders) addOrderCopy(out, "s", o, syncedAt.toISOString());
    const rows = cells(out.lineItems.contents().toString("utf8"), "lineItems").filter((r) => ["4", "5"].includes(r[2]));
    expect(rows.map((r) => [r[1], r[10], r[11]])).toEqual([
      ["41", "1", "1"],
      ["43", "1", "1"],
      ["51", "2", "1"],
      ["52", "1", "0"],
    ]);
    expect(out.reread).toEqual(["5"]);
    expect(out.removed).toEqual({ lineIds: ["42"], versions: ["2026-07-05T18:00:00Z"] });
  });

  it("escapes tabs, newlines and backslashes and writes NULL as \\N", () => {
    const out = emptyOrderCopy();
    addOrderCopy(out, "s", orders[1], syncedAt.toISOString());
    const row = out.orders.contents().toString("utf8").split("\t");
    expect(row[1]).toBe("42");
    expect(row[2]).toBe("tab\\there back\\\\slash\\nnew\\rline ünï");
    expect(row[3]).toBe("\\N");
    expect(row.slice(4, 7)).toEqual([
      "2026-01-01T08:00:00.000Z",
      "2026-03-02T10:00:00.500Z",
      "2026-01-01T10:00:00.123Z",
    ]);
    expect(row[9]).toBe("E\\\\U\\tR");
    expect(row.slice(12)).toEqual(["-0.5", "1000", "0\n"]);
  });

  it("refuses an amount that is not a decimal, as addOrder does", () => {
    const bad = { ...orders[2], totalPriceSet: money("12,50") } as GqlOrder;
    expect(() => addOrderCopy(emptyOrderCopy(), "s", bad, syncedAt.toISOString())).toThrow(/not a decimal/);
  });
});
