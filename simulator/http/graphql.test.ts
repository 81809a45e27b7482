// Over real HTTP with the app's own client library (@shopify/admin-api-client).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "~tests/support/simulator";

let t: TestSimulator;
beforeAll(async () => {
  t = await startTestSimulator({ customers: 120, seed: 3, plan: "enterprise" });
});
afterAll(() => t.stop());

type Page<N> = {
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
  nodes: N[];
};
type Cost = {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
};

describe("Admin GraphQL over HTTP", () => {
  it("answers shop queries and reports cost", async () => {
    const res = await t.client.request<{ shop: { myshopifyDomain: string; currencyCode: string } }>(
      "query { shop { myshopifyDomain currencyCode } }",
    );
    expect(res.data?.shop).toEqual({ myshopifyDomain: t.sim.shop, currencyCode: "USD" });
    const cost = (res.extensions as { cost: Cost }).cost;
    expect(cost.requestedQueryCost).toBe(1);
    expect(cost.throttleStatus.maximumAvailable).toBe(2000);
    expect(cost.throttleStatus.restoreRate).toBe(2000);
  });

  it("rejects a wrong or missing access token with 401", async () => {
    const variants: Record<string, string>[] = [{ "X-Shopify-Access-Token": "wrong" }, {}];
    for (const headers of variants) {
      const res = await fetch(t.sim.adminApiUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify({ query: "{ shop { name } }" }),
      });
      expect(res.status).toBe(401);
    }
  });

  it("fails invalid documents with errors and HTTP 200, like Shopify", async () => {
    const res = await fetch(t.sim.adminApiUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": t.sim.accessToken },
      body: JSON.stringify({ query: "{ shop { notAField } customers(first: 1) { nodes { email2 } } }" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { errors: { message: string }[]; data?: unknown };
    expect(body.errors.map((e) => e.message).join(" ")).toMatch(/notAField/);
    expect(body.errors.length).toBe(2);
    expect(body.data).toBeUndefined();
  });

  it("paginates customers forwards and backwards with stable cursors", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: { customers: Page<{ id: string }> } = await t.admin.request(
        `query($after:String){ customers(first: 25, after: $after) { pageInfo { hasNextPage endCursor hasPreviousPage startCursor } nodes { id } } }`,
        { after },
      );
      seen.push(...data.customers.nodes.map((n) => n.id));
      if (!data.customers.pageInfo.hasNextPage) break;
      after = data.customers.pageInfo.endCursor;
    }
    expect(seen.length).toBe(120);
    expect(new Set(seen).size).toBe(120);
    const last: { customers: Page<{ id: string }> } = await t.admin.request(
      `{ customers(last: 5) { pageInfo { hasNextPage endCursor hasPreviousPage startCursor } nodes { id } } }`,
    );
    expect(last.customers.nodes.map((n) => n.id)).toEqual(seen.slice(-5));
    expect(last.customers.pageInfo.hasPreviousPage).toBe(true);
    const edges: { customers: { edges: { cursor: string; node: { id: string } }[] } } = await t.admin.request(
      `{ customers(first: 3, reverse: true, sortKey: ID) { edges { cursor node { id } } } }`,
    );
    expect(edges.customers.edges.map((e) => e.node.id)).toEqual(seen.slice(-3).reverse());
  });

  it("filters and sorts orders with Shopify's search syntax", async () => {
    const since = "2026-09-01T00:00:00Z";
    const data: {
      orders: Page<{ id: string; updatedAt: string; processedAt: string; customer: { id: string } | null }>;
    } = await t.admin.request(
      `query($q:String){ orders(first: 250, query: $q, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor hasPreviousPage startCursor } nodes { id updatedAt processedAt customer { id } } } }`,
      { q: `updated_at:>'${since}'` },
    );
    const nodes = data.orders.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(Date.parse(n.updatedAt)).toBeGreaterThan(Date.parse(since));
    const times = nodes.map((n) => Date.parse(n.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const customerId = nodes.find((n) => n.customer)!.customer!.id;
    const numeric = customerId.split("/").pop();
    const mine: { orders: Page<{ customer: { id: string } }> } = await t.admin.request(
      `query($q:String){ orders(first: 50, query: $q) { pageInfo { hasNextPage endCursor hasPreviousPage startCursor } nodes { customer { id } } } }`,
      { q: `customer_id:${numeric}` },
    );
    expect(mine.orders.nodes.length).toBeGreaterThan(0);
    for (const n of mine.orders.nodes) expect(n.customer.id).toBe(customerId);

    const firstId = Number(nodes[0].id.split("/").pop());
    const after: { orders: Page<{ id: string }> } = await t.admin.request(
      `query($q:String){ orders(first: 20, query: $q) { pageInfo { hasNextPage endCursor hasPreviousPage startCursor } nodes { id } } }`,
      { q: `id:>${firstId}` },
    );
    for (const n of after.orders.nodes) expect(Number(n.id.split("/").pop())).toBeGreaterThan(firstId);

    const created: { customers: Page<{ createdAt: string }> } = await t.admin.request(
      `{ customers(first: 50, query: "created_at:<2024-01-01") { pageInfo { hasNextPage endCursor hasPreviousPage startCursor } nodes { createdAt } } }`,
    );
    for (const n of created.customers.nodes) expect(Date.parse(n.createdAt)).toBeLessThan(Date.parse("2024-01-01"));
  });

  it("serves orders with line items, refunds and returns as in the platform notes", async () => {
    const data: {
      orders: {
        nodes: {
          id: string;
          totalPriceSet: { shopMoney: { amount: string } };
          totalRefundedSet: { shopMoney: { amount: string } };
          refunds: { refundLineItems: { nodes: { lineItem: { id: string } }[] } }[];
          returns: {
            nodes: {
              status: string;
              returnLineItems: {
                nodes: {
                  returnReasonDefinition: { handle: string; name: string };
                  fulfillmentLineItem: { lineItem: { id: string } };
                }[];
              };
            }[];
          };
          lineItems: { nodes: { id: string; quantity: number }[] };
        }[];
      };
    } = await t.admin.request(`{
      orders(first: 10, query: "financial_status:partially_refunded") { nodes { id
        totalPriceSet { shopMoney { amount currencyCode } } totalRefundedSet { shopMoney { amount currencyCode } }
        lineItems(first: 5) { nodes { id quantity variantTitle product { id title } variant { id title selectedOptions { name value } } } }
        refunds(first: 5) { id createdAt totalRefundedSet { shopMoney { amount } } refundLineItems(first: 5) { nodes { quantity lineItem { id } } } }
        returns(first: 3) { nodes { id status returnLineItems(first: 3) { nodes { id quantity returnReasonNote customerNote
          returnReasonDefinition { handle name } ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } } } } } } } } }`);
    expect(data.orders.nodes.length).toBeGreaterThan(0);
    for (const o of data.orders.nodes) {
      expect(Number(o.totalRefundedSet.shopMoney.amount)).toBeGreaterThan(0);
      expect(Number(o.totalRefundedSet.shopMoney.amount)).toBeLessThan(Number(o.totalPriceSet.shopMoney.amount));
      const lineIds = new Set(o.lineItems.nodes.map((l) => l.id));
      for (const r of o.returns.nodes)
        for (const rl of r.returnLineItems.nodes) {
          expect(lineIds.has(rl.fulfillmentLineItem.lineItem.id)).toBe(true);
          expect(rl.returnReasonDefinition.handle).toMatch(/^[a-z-]+$/);
        }
      for (const r of o.refunds)
        for (const rl of r.refundLineItems.nodes) expect(lineIds.has(rl.lineItem.id)).toBe(true);
    }
    expect(data.orders.nodes.some((o) => o.returns.nodes.length > 0)).toBe(true);
  });

  it("agrees with the truth on per-customer order counts and net spend", async () => {
    const data: {
      customers: {
        nodes: { id: string; legacyResourceId: string; numberOfOrders: string; amountSpent: { amount: string } }[];
      };
    } = await t.admin.request(
      `{ customers(first: 60) { nodes { id legacyResourceId numberOfOrders amountSpent { amount currencyCode } } } }`,
    );
    for (const c of data.customers.nodes) {
      const truth = t.sim.truth.customer(c.id)!;
      expect(c.legacyResourceId).toBe(String(truth.customerId));
      // Shopify's numberOfOrders also counts cancelled orders; the pillars' counted orders do not.
      const cancelled = t.sim.store
        .history(Number(c.legacyResourceId) - 7_000_000_000_000)!
        .orders.filter(
          (o) => o.customerId !== null && o.cancelledAt !== null && o.cancelledAt <= t.sim.clock.now().getTime(),
        ).length;
      expect(c.numberOfOrders).toBe(String(truth.orderCount + cancelled));
      expect(c.amountSpent.amount).toBe(truth.netSpend);
    }
  });

  it("serves products with a Size option and resolves nodes by id", async () => {
    const data: {
      products: {
        nodes: {
          id: string;
          title: string;
          options: { name: string; values: string[] }[];
          variants: { nodes: { id: string; price: string }[] };
        }[];
      };
    } = await t.admin.request(
      `{ products(first: 50) { nodes { id title tags options { name values } variants(first: 10) { nodes { id price } } } } }`,
    );
    const tee = data.products.nodes.find((p) => p.title === "Everyday Tee")!;
    expect(tee.options[0]).toEqual({ name: "Size", values: ["XS", "S", "M", "L", "XL"] });
    const coffee = data.products.nodes.find((p) => p.title === "House Coffee Beans")!;
    expect(coffee.variants.nodes).toHaveLength(1);
    const node: { node: { __typename: string; title: string } } = await t.admin.request(
      `query($id: ID!) { node(id: $id) { __typename ... on Product { title } } }`,
      { id: tee.id },
    );
    expect(node.node).toEqual({ __typename: "Product", title: "Everyday Tee" });
  });

  it("rejects queries over the single-query cost limit", async () => {
    const res = await t.client.request(
      `{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id product { id } } } } } }`,
    );
    expect(JSON.stringify(res.errors)).toMatch(/MAX_COST_EXCEEDED|exceeds the single query max cost/);
  });
});
