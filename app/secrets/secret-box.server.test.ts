import { createDecipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  envelopeKeyId,
  isEnvelope,
  makeKeyring,
  needsSealing,
  parseKeyring,
  resealStored,
  revealStored,
  SecretBoxError,
} from "./secret-box.server";

const key1 = Buffer.from([...Array(32).keys()]);
const key2 = Buffer.alloc(32, 0xab);
const ring1 = makeKeyring([{ id: "k1", key: key1 }]);
const ring21 = makeKeyring([
  { id: "k2", key: key2 },
  { id: "k1", key: key1 },
]);
const iv = Buffer.from("000102030405060708090a0b", "hex");
const KNOWN = "rsb1:k1:AAECAwQFBgcICQoL:NGqmerG6p2PsLOfn1MQMAuiz6Q:yg46LbsQGNIGgSLVfx0nxA";

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SecretBoxError) return error.message;
    throw error;
  }
  throw new Error("expected a SecretBoxError");
}

/** Replaces one base64url part of an envelope (1 = key id, 2 = IV, 3 = ciphertext, 4 = tag). */
function withPart(envelope: string, index: number, change: (bytes: Buffer) => Buffer | string): string {
  const parts = envelope.split(":");
  const changed = change(Buffer.from(parts[index], "base64url"));
  parts[index] = typeof changed === "string" ? changed : changed.toString("base64url");
  return parts.join(":");
}

const flipFirstBit = (bytes: Buffer) => Buffer.from(bytes.map((b, i) => (i === 0 ? b ^ 1 : b)));

describe("secret box envelopes", () => {
  it("matches a known answer: AES-256-GCM over the plaintext, the version and key id as additional data", () => {
    expect(encryptSecret(ring1, "shpat_example-token", iv)).toBe(KNOWN);
    // The same bytes open with plain node:crypto given the documented layout.
    const [, , ivText, ct, tag] = KNOWN.split(":");
    const decipher = createDecipheriv("aes-256-gcm", key1, Buffer.from(ivText, "base64url"));
    decipher.setAAD(Buffer.from("rsb1:k1"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    expect(Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString()).toBe(
      "shpat_example-token",
    );
    expect(decryptSecret(ring1, KNOWN)).toBe("shpat_example-token");
  });

  it("round-trips any text with a fresh 12-byte IV each time", () => {
    for (const text of ["", "shpua_refresh", "é ✓ 🙂", "x".repeat(5000)]) {
      const a = encryptSecret(ring1, text);
      const b = encryptSecret(ring1, text);
      expect(a).not.toBe(b);
      expect(Buffer.from(a.split(":")[2], "base64url")).toHaveLength(12);
      expect(Buffer.from(a.split(":")[4], "base64url")).toHaveLength(16);
      expect(decryptSecret(ring1, a)).toBe(text);
      expect(a).not.toContain(text || "\u0000");
    }
  });

  it("refuses a tampered IV, ciphertext or tag, a relabelled key id and a wrong key", () => {
    const failed = /failed authentication/;
    expect(errorOf(() => decryptSecret(ring1, withPart(KNOWN, 2, flipFirstBit)))).toMatch(failed);
    expect(errorOf(() => decryptSecret(ring1, withPart(KNOWN, 3, flipFirstBit)))).toMatch(failed);
    expect(errorOf(() => decryptSecret(ring1, withPart(KNOWN, 4, flipFirstBit)))).toMatch(failed);
    // Same key bytes under another id: the id is authenticated, so relabelling fails.
    const twin = makeKeyring([
      { id: "k1", key: key1 },
      { id: "k9", key: key1 },
    ]);
    expect(
      errorOf(() =>
        decryptSecret(
          twin,
          withPart(KNOWN, 1, () => "k9"),
        ),
      ),
    ).toMatch(failed);
    expect(errorOf(() => decryptSecret(makeKeyring([{ id: "k1", key: key2 }]), KNOWN))).toMatch(failed);
    expect(
      errorOf(() =>
        decryptSecret(
          ring1,
          withPart(KNOWN, 1, () => "k7"),
        ),
      ),
    ).toBe('encrypted under key "k7", which is not in the keyring');
    expect(errorOf(() => decryptSecret(ring1, `${KNOWN}:extra`))).toBe("malformed encrypted value");
    expect(
      errorOf(() =>
        decryptSecret(
          ring1,
          withPart(KNOWN, 4, (t) => t.subarray(0, 8)),
        ),
      ),
    ).toBe("malformed encrypted value");
    expect(errorOf(() => decryptSecret(ring1, "shpat_plain"))).toBe("not an encrypted value");
  });

  it("rotates: the first key encrypts, all keys decrypt, stale values are resealed under the current key", () => {
    const old = encryptSecret(ring1, "tok");
    expect(decryptSecret(ring21, old)).toBe("tok");
    expect(envelopeKeyId(encryptSecret(ring21, "tok"))).toBe("k2");
    expect(needsSealing(ring21, old)).toBe(true);
    const resealed = resealStored(ring21, old);
    expect(envelopeKeyId(resealed)).toBe("k2");
    expect(decryptSecret(ring21, resealed)).toBe("tok");
    expect(resealStored(ring21, resealed)).toBe(resealed);
    expect(needsSealing(ring21, resealed)).toBe(false);
    expect(errorOf(() => decryptSecret(ring1, resealed))).toMatch(/key "k2", which is not in the keyring/);
  });

  it("treats a value without the prefix as legacy plaintext", () => {
    expect(isEnvelope("shpat_abc")).toBe(false);
    expect(revealStored(ring1, "shpat_abc")).toBe("shpat_abc");
    expect(needsSealing(ring1, "shpat_abc")).toBe(true);
    const sealed = resealStored(ring1, "shpat_abc");
    expect(isEnvelope(sealed)).toBe(true);
    expect(revealStored(ring1, sealed)).toBe("shpat_abc");
  });
});

describe("parseKeyring", () => {
  it("reads id:key pairs in base64 or base64url, first one current", () => {
    const ring = parseKeyring(` k2:${key2.toString("base64")} , k1:${key1.toString("base64url")}`);
    expect(ring.keys.map((k) => k.id)).toEqual(["k2", "k1"]);
    expect(ring.keys[1].key.equals(key1)).toBe(true);
    expect(ring.keys[0].key.equals(key2)).toBe(true);
  });

  it("names the problem without echoing key material", () => {
    const secretish = Buffer.alloc(31, 9).toString("base64");
    expect(errorOf(() => parseKeyring(""))).toBe("the keyring has no key");
    expect(errorOf(() => parseKeyring(secretish))).toBe("each entry must be <keyId>:<base64 key>");
    expect(errorOf(() => parseKeyring(`k1:${secretish}`))).toBe('key "k1" must be 32 bytes (got 31)');
    expect(errorOf(() => parseKeyring(`k1:${key1.toString("base64")},k1:${key2.toString("base64")}`))).toBe(
      'key id "k1" appears twice',
    );
    expect(errorOf(() => parseKeyring(`k1:not base64!`))).toBe('key "k1" is not base64');
    expect(errorOf(() => parseKeyring(`a:b:${key1.toString("base64")}`))).toBe('key "a" is not base64');
    expect(errorOf(() => parseKeyring(`bad id:${key1.toString("base64")}`))).toMatch(/^key id "bad id" must be/);
  });
});
