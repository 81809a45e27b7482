import { describe, expect, it } from "vitest";
import { deliveredStatus, sentLabel } from "./channel-wording";

describe("what a count may claim", () => {
  it("never says sent for the Flow channels", () => {
    expect(sentLabel(["flow", "shopify_email"])).toBe("Handed to Shopify");
    expect(sentLabel(["email"])).toBe("Sent");
    expect(sentLabel(["email", "flow"])).toBe("Sent or handed to Shopify");
    expect(sentLabel([])).toBe("Sent");
    expect(deliveredStatus("sent", "shopify_email")).toBe("handed_to_shopify");
    expect(deliveredStatus("sent", "email")).toBe("sent");
    expect(deliveredStatus("held_out", "flow")).toBe("held_out");
  });
});
