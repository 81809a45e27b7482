import { describe, expect, it } from "vitest";
import { signClickToken } from "./click-token.server";
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "./unsubscribe-token.server";

describe("unsubscribe tokens", () => {
  it("verify with the app secret only, for the message they name", () => {
    const token = signUnsubscribeToken("s1", "msg_1");
    expect(verifyUnsubscribeToken("s1", token)).toEqual({ ok: true, messageId: "msg_1" });
    expect(verifyUnsubscribeToken("s2", token)).toEqual({ ok: false, reason: "bad signature" });
    const [v, , mac] = token.split(".");
    const forged = [v, Buffer.from("msg_2").toString("base64url"), mac].join(".");
    expect(verifyUnsubscribeToken("s1", forged)).toEqual({ ok: false, reason: "bad signature" });
  });

  it("use a key of their own: a click-link signature never passes as an unsubscribe", () => {
    const click = signClickToken("s1", "msg_1", "https://x.test/");
    const [, id, , mac] = click.split(".");
    expect(verifyUnsubscribeToken("s1", ["u1", id, mac].join(".")).ok).toBe(false);
  });

  it("build the link under the proxy base", () => {
    expect(unsubscribeUrl("s1", "https://acme.myshopify.com/apps/rapport/", "m")).toMatch(
      /^https:\/\/acme\.myshopify\.com\/apps\/rapport\/u\/u1\.bQ\.[\w-]{43}$/,
    );
  });
});
