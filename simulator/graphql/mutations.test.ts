import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "~tests/support/simulator";

let t: TestSimulator;
beforeAll(async () => {
  // The clock moves 15 days here; token expiry has its own tests (simulator/http/tokens.test.ts).
  t = await startTestSimulator({
    customers: 200,
    seed: 6,
    plan: "enterprise",
    effect: { extraConversionProbability: 0.5, windowDays: 14 },
    tokens: { accessTokenTtlSeconds: null },
  });
});
afterAll(() => t.stop());

const FLOW = `mutation($handle: String!, $payload: JSON!) { flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } } }`;
type FlowResult = { flowTriggerReceive: { userErrors: { field: string[]; message: string }[] } };

describe("mutations the app sends", () => {
  it("validates flowTriggerReceive like Shopify and records accepted calls", async () => {
    const bad: FlowResult = await t.admin.request(FLOW, {
      handle: "nope",
      payload: { customer_id: 7_000_000_000_050 },
    });
    expect(bad.flowTriggerReceive.userErrors).toEqual([
      { field: ["body"], message: "Errors validating schema:\n  Invalid handle 'nope'." },
    ]);
    const big: FlowResult = await t.admin.request(FLOW, {
      handle: "rapport-message",
      payload: { customer_id: 1, body: "x".repeat(50_001) },
    });
    expect(big.flowTriggerReceive.userErrors).toEqual([
      { field: ["body"], message: "Properties size exceeds the limit of 50000 bytes." },
    ]);
    expect(t.sim.recorded.flowTriggers).toHaveLength(0);
    const ok: FlowResult = await t.admin.request(FLOW, {
      handle: "rapport-message",
      payload: { customer_id: 7_000_000_000_050, "Message body": "Hi" },
    });
    expect(ok.flowTriggerReceive.userErrors).toEqual([]);
    expect(t.sim.recorded.flowTriggers[0]).toMatchObject({
      handle: "rapport-message",
      customerId: 7_000_000_000_050,
      payload: { "Message body": "Hi" },
    });
  });

  it("adds tags, creates segments and updates consent", async () => {
    const tags: { tagsAdd: { node: { id: string; tags: string[] }; userErrors: unknown[] } } = await t.admin.request(
      `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id ... on Customer { tags } } userErrors { field message } } }`,
      { id: "gid://shopify/Customer/7000000000060", tags: ["rapport-vip"] },
    );
    expect(tags.tagsAdd.node.tags).toContain("rapport-vip");
    expect(t.sim.recorded.tagsAdded).toEqual([
      expect.objectContaining({ id: "gid://shopify/Customer/7000000000060", tags: ["rapport-vip"] }),
    ]);

    const SEG = `mutation($name: String!, $query: String!) { segmentCreate(name: $name, query: $query) { segment { id name query } userErrors { field message } } }`;
    const seg: { segmentCreate: { segment: { name: string } | null; userErrors: { field: string[] }[] } } =
      await t.admin.request(SEG, { name: "VIP", query: "customer_tags CONTAINS 'rapport-vip'" });
    expect(seg.segmentCreate.segment?.name).toBe("VIP");
    const dup: typeof seg = await t.admin.request(SEG, { name: "VIP", query: "number_of_orders >= 1" });
    expect(dup.segmentCreate.userErrors[0].field).toEqual(["name"]);

    const CONSENT = `mutation($input: CustomerEmailMarketingConsentUpdateInput!) { customerEmailMarketingConsentUpdate(input: $input) { customer { id defaultEmailAddress { marketingState } } userErrors { field message } } }`;
    const invalid: { customerEmailMarketingConsentUpdate: { customer: null; userErrors: { field: string[] }[] } } =
      await t.admin.request(CONSENT, {
        input: {
          customerId: "gid://shopify/Customer/7000000000061",
          emailMarketingConsent: { marketingState: "NOT_SUBSCRIBED" },
        },
      });
    expect(invalid.customerEmailMarketingConsentUpdate.userErrors[0].field).toEqual([
      "input",
      "emailMarketingConsent",
      "marketingState",
    ]);
    const done: {
      customerEmailMarketingConsentUpdate: { customer: { defaultEmailAddress: { marketingState: string } } };
    } = await t.admin.request(CONSENT, {
      input: {
        customerId: "gid://shopify/Customer/7000000000061",
        emailMarketingConsent: { marketingState: "UNSUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" },
      },
    });
    expect(done.customerEmailMarketingConsentUpdate.customer.defaultEmailAddress.marketingState).toBe("UNSUBSCRIBED");
    expect(t.sim.recorded.consentUpdates.at(-1)).toMatchObject({
      customerId: 7_000_000_000_061,
      marketingState: "UNSUBSCRIBED",
    });
  });

  it("carries a ground-truth message effect that the truth API can state", async () => {
    const start = t.sim.clock.now();
    const treated = Array.from({ length: 80 }, (_, i) => 7_000_000_000_100 + i);
    for (const id of treated) await t.admin.request(FLOW, { handle: "rapport-message", payload: { customer_id: id } });
    const caused = t.sim.truth.messageOrders().filter((o) => treated.includes(o.customerId!));
    expect(caused.length).toBeGreaterThan(20);
    expect(caused.length).toBeLessThan(60);
    for (const o of caused) {
      expect(o.processedAt).toBeGreaterThanOrEqual(start.getTime());
      expect(o.processedAt).toBeLessThanOrEqual(start.getTime() + 14 * 86_400_000);
    }
    // Not visible before the clock reaches them, visible (and counted) after.
    const first = caused[0];
    const before: { order: { id: string } | null } = await t.admin.request(
      `query($id: ID!) { order(id: $id) { id } }`,
      { id: `gid://shopify/Order/${first.id}` },
    );
    expect(before.order).toBeNull();
    t.sim.clock.advance({ days: 15 });
    const after: { order: { id: string } | null } = await t.admin.request(`query($id: ID!) { order(id: $id) { id } }`, {
      id: `gid://shopify/Order/${first.id}`,
    });
    expect(after.order?.id).toBe(`gid://shopify/Order/${first.id}`);
    const end = t.sim.clock.now();
    const truth = t.sim.truth.conversion(treated, start, end);
    expect(truth.messageOrders).toBe(caused.length);
    expect(truth.messageConverters).toBe(new Set(caused.map((o) => o.customerId)).size);
    expect(truth.incrementalConverters).toBeLessThanOrEqual(truth.messageConverters);
    const control = t.sim.truth.conversion(
      Array.from({ length: 30 }, (_, i) => 7_000_000_000_015 + i),
      start,
      end,
    );
    expect(control.baselineOrders + truth.baselineOrders).toBeGreaterThan(0);
    expect(control.messageOrders).toBe(0);
  });
});
