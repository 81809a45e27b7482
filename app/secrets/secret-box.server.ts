// Secrets at rest (decision 0110): AES-256-GCM envelopes under a keyring whose first key encrypts
// and whose every key decrypts, so keys rotate without a flag day. Pure: no env, no database.
//
// Envelope: `rsb1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url parts, 12-byte random IV, 16-byte
// tag). The version and key id are authenticated as additional data, so an envelope cannot be
// relabelled to another key. A stored value without the `rsb1:` prefix is legacy plaintext.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export const ENVELOPE_PREFIX = "rsb1:";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** The id of the key derived outside production when no keyring is configured (keyring.server.ts). */
export const DEV_KEY_ID = "dev";

export interface SecretKey {
  id: string;
  key: Buffer;
}

/** Non-empty; `keys[0]` encrypts, every key decrypts. */
export interface Keyring {
  keys: readonly SecretKey[];
}

export class SecretBoxError extends Error {}

export function makeKeyring(keys: readonly SecretKey[]): Keyring {
  if (keys.length === 0) throw new SecretBoxError("the keyring has no key");
  const seen = new Set<string>();
  for (const { id, key } of keys) {
    if (!KEY_ID.test(id)) throw new SecretBoxError(`key id "${id}" must be 1–32 letters, digits, "_" or "-"`);
    if (seen.has(id)) throw new SecretBoxError(`key id "${id}" appears twice`);
    if (key.length !== KEY_BYTES)
      throw new SecretBoxError(`key "${id}" must be ${KEY_BYTES} bytes (got ${key.length})`);
    seen.add(id);
  }
  return { keys };
}

/**
 * Parses `id:base64key,id:base64key` (first = current). Keys are 32 random bytes in base64 or
 * base64url, e.g. `openssl rand -base64 32`. Errors never echo key material.
 */
export function parseKeyring(spec: string): Keyring {
  const entries = spec
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  return makeKeyring(
    entries.map((entry) => {
      const colon = entry.indexOf(":");
      if (colon <= 0) throw new SecretBoxError("each entry must be <keyId>:<base64 key>");
      const id = entry.slice(0, colon);
      const encoded = entry.slice(colon + 1);
      if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) throw new SecretBoxError(`key "${id}" is not base64`);
      return { id, key: Buffer.from(encoded.replace(/-/g, "+").replace(/_/g, "/"), "base64") };
    }),
  );
}

export function isEnvelope(value: string): boolean {
  return value.startsWith(ENVELOPE_PREFIX);
}

const aad = (keyId: string) => Buffer.from(`${ENVELOPE_PREFIX}${keyId}`, "utf8");

/** Encrypts under the keyring's current key. `iv` is for known-answer tests only. */
export function encryptSecret(keyring: Keyring, plaintext: string, iv: Buffer = randomBytes(IV_BYTES)): string {
  if (iv.length !== IV_BYTES) throw new SecretBoxError(`the IV must be ${IV_BYTES} bytes`);
  const { id, key } = keyring.keys[0];
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(id));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${ENVELOPE_PREFIX}${[id, iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(":")}`;
}

/** The key id an envelope names; undefined for legacy plaintext. */
export function envelopeKeyId(value: string): string | undefined {
  return isEnvelope(value) ? value.slice(ENVELOPE_PREFIX.length).split(":")[0] : undefined;
}

/** Decrypts an envelope; throws SecretBoxError if it is malformed, tampered or under an unknown key. */
export function decryptSecret(keyring: Keyring, envelope: string): string {
  if (!isEnvelope(envelope)) throw new SecretBoxError("not an encrypted value");
  const parts = envelope.slice(ENVELOPE_PREFIX.length).split(":");
  if (parts.length !== 4) throw new SecretBoxError("malformed encrypted value");
  const [id, ivText, ciphertextText, tagText] = parts;
  const entry = keyring.keys.find((k) => k.id === id);
  if (!entry) throw new SecretBoxError(`encrypted under key "${id}", which is not in the keyring`);
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("malformed encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", entry.key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(id));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretBoxError(`encrypted value under key "${id}" failed authentication (tampered or wrong key)`);
  }
}

/** A stored value in clear: envelopes are decrypted, legacy plaintext passes through. */
export function revealStored(keyring: Keyring, stored: string): string {
  return isEnvelope(stored) ? decryptSecret(keyring, stored) : stored;
}

/** True when a stored value is plaintext or under a key other than the current one. */
export function needsSealing(keyring: Keyring, stored: string): boolean {
  return envelopeKeyId(stored) !== keyring.keys[0].id;
}

/** The stored value under the current key (unchanged if it already is). */
export function resealStored(keyring: Keyring, stored: string): string {
  return needsSealing(keyring, stored) ? encryptSecret(keyring, revealStored(keyring, stored)) : stored;
}
