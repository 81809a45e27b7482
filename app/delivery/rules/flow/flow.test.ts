import { describe, expect, it } from "vitest";
import { activationBlock, lifecyclePayload, supersedes } from "./lifecycle";
import { actionPayload, actionTriggerKey } from "./action";

describe("the lifecycle callback", () => {
  const example = {
    flow_trigger_definition_id: "Add row to spreadsheet",
    has_enabled_flow: false,
    shop_id: "690933842",
    shopify_domain: "johnapparel.myshopify.com",
    timestamp: "2019-01-25T16:44:10.999Z",
  };
  it("accepts Shopify's example and a numeric shop_id (the docs' table says Number)", () => {
    expect(lifecyclePayload.safeParse(example).success).toBe(true);
    expect(lifecyclePayload.safeParse({ ...example, shop_id: 690933842 }).success).toBe(true);
  });
  it("refuses a missing flag, a foreign domain and a bad timestamp", () => {
    expect(lifecyclePayload.safeParse({ ...example, has_enabled_flow: "true" }).success).toBe(false);
    expect(lifecyclePayload.safeParse({ ...example, shopify_domain: "evil.example.com" }).success).toBe(false);
    expect(lifecyclePayload.safeParse({ ...example, timestamp: "yesterday" }).success).toBe(false);
  });
  it("lets only a newer callback replace the stored state", () => {
    const stored = { hasEnabledFlow: true, stateAt: new Date("2026-01-02T00:00:00Z") };
    expect(supersedes(new Date("2026-01-01T00:00:00Z"), stored)).toBe(false);
    expect(supersedes(new Date("2026-01-02T00:00:00Z"), stored)).toBe(false);
    expect(supersedes(new Date("2026-01-03T00:00:00Z"), stored)).toBe(true);
    expect(supersedes(new Date(0), null)).toBe(true);
  });
});

describe("activation on the Flow channels", () => {
  const on = { hasEnabledFlow: true, stateAt: new Date() };
  const off = { hasEnabledFlow: false, stateAt: new Date() };
  it("needs a turned-on workflow for shopify_email and flow, never for email", () => {
    expect(activationBlock("email", null)).toBeNull();
    expect(activationBlock("shopify_email", on)).toBeNull();
    expect(activationBlock("flow", on)).toBeNull();
    expect(activationBlock("shopify_email", null)).toMatch(
      /Marketing › Automations.*Shopify has not reported one yet|has not reported one yet.*Marketing › Automations/,
    );
    expect(activationBlock("flow", off)).toMatch(/In Shopify Flow, create a workflow/);
    expect(activationBlock("flow", off)).toMatch(/switch the campaign to the Email channel/);
  });
});

describe("the action request", () => {
  const body = {
    shop_id: "1",
    shopify_domain: "demo.myshopify.com",
    action_run_id: "abc",
    action_definition_id: "Send a Rapport message",
    handle: "send-rapport-message",
    properties: { customer_id: "123", campaign: "Thank you" },
  };
  it("takes Shopify's shape and keys one message per run", () => {
    expect(actionPayload.parse(body).properties).toEqual({ customer_id: "123", campaign: "Thank you" });
    expect(actionTriggerKey("abc")).toBe("flow-action:abc");
  });
  it("refuses a missing customer or an empty campaign with the field named", () => {
    const noCampaign = actionPayload.safeParse({ ...body, properties: { customer_id: "123", campaign: " " } });
    expect(noCampaign.success ? "" : noCampaign.error.issues[0].message).toMatch(/Pick the Rapport campaign/);
    expect(actionPayload.safeParse({ ...body, properties: { campaign: "x" } }).success).toBe(false);
  });
});
