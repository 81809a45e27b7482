// Brings stored Session tokens under the keyring's current key (decision 0110): legacy plaintext
// rows are encrypted, rows under a retired key re-encrypted. Run once at start and for a single
// row when the session storage reads a stale one. Each row is rewritten only if it still holds
// the values read (compare-and-set), so a token refreshed meanwhile is never overwritten.
import type pg from "pg";
import { envelopeKeyId, isEnvelope, resealStored, type Keyring } from "~/secrets/secret-box.server";

interface Row {
  id: string;
  accessToken: string;
  refreshToken: string | null;
}

export class UnknownKeyError extends Error {}

export async function resealSessionTokens(pool: pg.Pool, keyring: Keyring, only?: { id: string }): Promise<number> {
  const current = `rsb1:${keyring.keys[0].id}:`;
  const { rows } = await pool.query<Row>(
    `SELECT id, "accessToken", "refreshToken" FROM "Session"
     WHERE ($2::text IS NULL OR id = $2)
       AND ((left("accessToken", length($1)) <> $1 AND "accessToken" <> '')
         OR (left("refreshToken", length($1)) <> $1 AND "refreshToken" <> ''))`,
    [current, only?.id ?? null],
  );
  const known = new Set(keyring.keys.map((k) => k.id));
  const unknown = rows
    .flatMap((r) => [r.accessToken, r.refreshToken ?? ""])
    .filter((v) => isEnvelope(v) && !known.has(envelopeKeyId(v) ?? ""));
  if (unknown.length > 0) {
    const ids = [...new Set(unknown.map((v) => envelopeKeyId(v)))].join(", ");
    throw new UnknownKeyError(
      `RAPPORT_ENCRYPTION_KEYS: stored session tokens are encrypted under key(s) ${ids}, which the keyring lacks (keep retired keys until their rows are re-encrypted)`,
    );
  }
  let rewritten = 0;
  for (const row of rows) {
    const reseal = (value: string | null) => (value === null || value === "" ? value : resealStored(keyring, value));
    const result = await pool.query(
      `UPDATE "Session" SET "accessToken" = $2, "refreshToken" = $3
       WHERE id = $1 AND "accessToken" = $4 AND "refreshToken" IS NOT DISTINCT FROM $5`,
      [row.id, reseal(row.accessToken), reseal(row.refreshToken), row.accessToken, row.refreshToken],
    );
    rewritten += result.rowCount ?? 0;
  }
  return rewritten;
}
