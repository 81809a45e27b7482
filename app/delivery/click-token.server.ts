// Signed call-to-action links (decision 0062): the token carries the message id and the
// destination, signed with HMAC-SHA256, so the redirect can neither be forged nor turned into an
// open redirect. The HMAC key is derived from the app secret for this one purpose (HKDF, decision
// 0113), so link signatures never use the raw API secret that Shopify also signs with.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

// v1 links were signed with the raw secret; they are refused as malformed (no installs had any).
const VERSION = "v2";
const KEY_LABEL = "rapport/click-link/v2";

let derived: { secret: string; key: Buffer } | undefined;

/** The click-link HMAC key for an app secret (one cached: a process has one secret). */
export function clickLinkKey(secret: string): Buffer {
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", KEY_LABEL, 32)) };
  return derived.key;
}

function b64(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

function mac(secret: string, messageId: string, destination: string): Buffer {
  return createHmac("sha256", clickLinkKey(secret)).update(`${VERSION}\n${messageId}\n${destination}`).digest();
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

export function signClickToken(secret: string, messageId: string, destination: string): string {
  if (!secret) throw new Error("signClickToken: the app secret is empty");
  if (!isHttpUrl(destination)) throw new Error(`signClickToken: destination is not an http(s) URL: ${destination}`);
  return [VERSION, b64(messageId), b64(destination), b64(mac(secret, messageId, destination))].join(".");
}

export type VerifiedToken = { ok: true; messageId: string; destination: string } | { ok: false; reason: string };

export function verifyClickToken(secret: string, token: string): VerifiedToken {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, reason: "malformed link" };
  const messageId = Buffer.from(parts[1], "base64url").toString("utf8");
  const destination = Buffer.from(parts[2], "base64url").toString("utf8");
  const given = Buffer.from(parts[3], "base64url");
  const expected = mac(secret, messageId, destination);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad signature" };
  if (!isHttpUrl(destination)) return { ok: false, reason: "bad destination" };
  return { ok: true, messageId, destination };
}

/** The storefront address of the app proxy (shopify.app.toml [app_proxy] prefix and subpath). */
export function appProxyBase(shop: string, prefix = "apps", subpath = "rapport"): string {
  return `https://${shop}/${prefix}/${subpath}`;
}

/**
 * The CTA URL the sender puts in a message: `${proxyBase}/r/${token}`, served by the proxy
 * route that calls handleClick.
 */
export function signedCtaUrl(input: {
  secret: string;
  proxyBase: string;
  messageId: string;
  destination: string;
}): string {
  return `${input.proxyBase.replace(/\/+$/, "")}/r/${signClickToken(input.secret, input.messageId, input.destination)}`;
}
