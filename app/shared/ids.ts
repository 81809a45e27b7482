// Ids from URLs and forms. Anything that is not a well-formed id is "not found", never a database
// error: PostgreSQL rejects a NUL byte in text and a number outside int8 (docs/decisions/0121).

const INT8_MAX = 9223372036854775807n;
const DIGITS = /^[0-9]{1,19}$/;
// Our own rows' ids are cuids; the looser pattern also takes hand-written ids (tests, imports).
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A Shopify numeric id (customer, product, order): 1 … 2^63-1, digits only; otherwise null. */
export function parseShopifyId(raw: unknown): bigint | null {
  if (typeof raw !== "string" || !DIGITS.test(raw)) return null;
  const id = BigInt(raw);
  return id >= 1n && id <= INT8_MAX ? id : null;
}

/** An id of one of our rows (campaign, segment); otherwise null. */
export function parseRecordId(raw: unknown): string | null {
  return typeof raw === "string" && RECORD_ID.test(raw) ? raw : null;
}
