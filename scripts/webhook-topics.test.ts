import { describe, expect, it } from "vitest";
import { subscribedTopics } from "./webhook-topics";

describe("subscribedTopics", () => {
  it("reads every subscription's topics and the compliance topics, skipping comments", () => {
    const toml = `[[webhooks.subscriptions]]
  topics = [
    "orders/create",
    # "orders/edited",
    "customer.tags_added",
  ]
  [[webhooks.subscriptions]]
  compliance_topics = ["customers/redact", "shop/redact"]`;
    expect(subscribedTopics(toml)).toEqual(["orders/create", "customer.tags_added", "customers/redact", "shop/redact"]);
  });

  it("gives the demo and the simulator what shopify.app.toml subscribes", () => {
    expect(subscribedTopics()).toEqual(
      expect.arrayContaining(["customers/delete", "customers_marketing_consent/update", "shop/redact"]),
    );
  });
});
