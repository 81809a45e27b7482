import { describe, expect, it } from "vitest";
import { verifyClickToken } from "~/delivery/click-token.server";
import { clickTrackedLinks } from "./links.server";

describe("clickTrackedLinks", () => {
  it("signs http(s) destinations through the app proxy, leaves others and works without a secret", () => {
    const link = clickTrackedLinks("secret")!;
    const url = link({ id: "msg1", shop: "a.myshopify.com", ctaUrl: "https://a.myshopify.com/products/x" });
    expect(url.startsWith("https://a.myshopify.com/apps/rapport/r/")).toBe(true);
    expect(verifyClickToken("secret", url.split("/r/")[1])).toEqual({
      ok: true,
      messageId: "msg1",
      destination: "https://a.myshopify.com/products/x",
    });
    expect(link({ id: "m", shop: "a.myshopify.com", ctaUrl: "mailto:x@y.z" })).toBe("mailto:x@y.z");
    expect(clickTrackedLinks("")).toBeUndefined();
  });
});

describe("clickTrackedLinks with a proxy base", () => {
  it("points the link at the given base (the demo's own /proxy), still signed", () => {
    const link = clickTrackedLinks("secret", () => "http://localhost:3000/proxy")!;
    const url = link({ id: "msg1", shop: "a.myshopify.com", ctaUrl: "https://a.myshopify.com/products/x" });
    expect(url.startsWith("http://localhost:3000/proxy/r/")).toBe(true);
    expect(verifyClickToken("secret", url.split("/r/")[1])).toMatchObject({ ok: true, messageId: "msg1" });
  });
});
