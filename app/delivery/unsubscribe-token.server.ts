// Signed unsubscribe links (decision 0173): the token names one message and carries an HMAC whose
// key is derived from the app secret for this purpose only (HKDF, like the click links of 0113 but
// a separate label), so a click-link signature can never pass as an unsubscribe and vice versa.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "~/env.server";
import { appProxyBase } from "./click-token.server";

const VERSION = "u1";
const KEY_LABEL = "rapport/unsubscribe-link/v1";

let derived: { secret: string; key: Buffer } | undefined;

export function unsubscribeKey(secret: string): Buffer {
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", KEY_LABEL, 32)) };
  return derived.key;
}

const mac = (secret: string, messageId: string) =>
  createHmac("sha256", unsubscribeKey(secret)).update(`${VERSION}\n${messageId}`).digest();

export function signUnsubscribeToken(secret: string, messageId: string): string {
  if (!secret) throw new Error("signUnsubscribeToken: the app secret is empty");
  return [VERSION, Buffer.from(messageId).toString("base64url"), mac(secret, messageId).toString("base64url")].join(
    ".",
  );
}

export type VerifiedUnsubscribe = { ok: true; messageId: string } | { ok: false; reason: string };

export function verifyUnsubscribeToken(secret: string, token: string): VerifiedUnsubscribe {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION || token.length > 512) return { ok: false, reason: "malformed link" };
  const messageId = Buffer.from(parts[1], "base64url").toString("utf8");
  const given = Buffer.from(parts[2], "base64url");
  const expected = mac(secret, messageId);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad signature" };
  return { ok: true, messageId };
}

/**
 * Where unsubscribe links of a shop point: the storefront app proxy (/apps/rapport/u/:token), or in
 * demo mode, where no storefront exists, the app's own /proxy route.
 */
export function unsubscribeBaseFromEnv(): (shop: string) => string {
  const config = env();
  if (config.RAPPORT_MODE === "demo") {
    // The demo serves the app on loopback at PORT (SHOPIFY_APP_URL keeps its default there).
    const root = `http://localhost:${config.PORT}/proxy`;
    return () => root;
  }
  return (shop) => appProxyBase(shop);
}

export function unsubscribeUrl(secret: string, base: string, messageId: string): string {
  return `${base.replace(/\/+$/, "")}/u/${signUnsubscribeToken(secret, messageId)}`;
}
