import { createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clickLinkKey, signClickToken, verifyClickToken } from "./click-token.server";

const secret = "app-api-secret";
const payload = (version: string) => `${version}\nm1\nhttps://shop.example/p`;
const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64url");

describe("click link signatures", () => {
  it("are keyed with a purpose-bound HKDF key, never the raw app secret", () => {
    const token = signClickToken(secret, "m1", "https://shop.example/p");
    const signature = Buffer.from(token.split(".")[3], "base64url");
    const purposeKey = Buffer.from(hkdfSync("sha256", secret, "", "rapport/click-link/v2", 32));
    expect(clickLinkKey(secret).equals(purposeKey)).toBe(true);
    expect(signature.equals(createHmac("sha256", purposeKey).update(payload("v2")).digest())).toBe(true);
    expect(signature.equals(createHmac("sha256", secret).update(payload("v2")).digest())).toBe(false);
    expect(verifyClickToken(secret, token)).toEqual({
      ok: true,
      messageId: "m1",
      destination: "https://shop.example/p",
    });
    expect(clickLinkKey("another secret").equals(purposeKey)).toBe(false);
  });

  it("refuses a link signed with the raw secret, in the old v1 format or the current one", () => {
    const rawV1 = [
      "v1",
      b64("m1"),
      b64("https://shop.example/p"),
      b64(createHmac("sha256", secret).update(payload("v1")).digest()),
    ].join(".");
    expect(verifyClickToken(secret, rawV1)).toEqual({ ok: false, reason: "malformed link" });
    const rawV2 = [
      "v2",
      b64("m1"),
      b64("https://shop.example/p"),
      b64(createHmac("sha256", secret).update(payload("v2")).digest()),
    ].join(".");
    expect(verifyClickToken(secret, rawV2)).toEqual({ ok: false, reason: "bad signature" });
  });
});
