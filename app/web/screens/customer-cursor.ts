// Keyset cursors of the customer list (decision 0203). The list's order is last order newest first
// (customers without an order last), then customer id descending; a cursor names one row of that
// order by its key and carries its 1-based position for the "26–50 of N" label. The position is
// display only: a tampered one can mislabel a page, never change which rows it holds.
// Text form: "<lastOrderAt epoch ms | n>.<customer id>.<position>", URL-safe and strictly parsed.

export interface ListKey {
  /** Epoch milliseconds of the last order; null for a customer without one. */
  lastOrderAt: number | null;
  /** Customer id (a positive int8, as decimal text). */
  id: string;
}

export interface Cursor extends ListKey {
  position: number;
}

const INT8_MAX = 9223372036854775807n;
// 275,760 years either side of 1970 is what a Date holds; 15 digits is more than enough.
const SHAPE = /^(n|-?\d{1,15})\.(\d{1,19})\.(\d{1,9})$/;

export const encodeCursor = (cursor: Cursor): string =>
  `${cursor.lastOrderAt === null ? "n" : String(cursor.lastOrderAt)}.${cursor.id}.${cursor.position}`;

/** The cursor, or null for anything that is not one this module wrote (the caller says so). */
export function parseCursor(text: string): Cursor | null {
  const match = SHAPE.exec(text);
  if (!match) return null;
  const [, at, id, position] = match;
  const lastOrderAt = at === "n" ? null : Number(at);
  if (lastOrderAt !== null && Number.isNaN(new Date(lastOrderAt).getTime())) return null;
  const big = BigInt(id);
  if (big < 1n || big > INT8_MAX) return null;
  const pos = Number(position);
  if (pos < 1) return null;
  return { lastOrderAt, id: big.toString(), position: pos };
}

/** Search text as typed, made safe: control characters dropped, whitespace runs kept, ends trimmed. */
export const SEARCH_MAX_LENGTH = 200;

export type SearchText = { ok: true; text: string } | { ok: false; text: string; error: string };

export function cleanSearch(raw: string | null | undefined): SearchText {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const text = (raw ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").trim();
  if ([...text].length > SEARCH_MAX_LENGTH)
    return {
      ok: false,
      text: [...text].slice(0, SEARCH_MAX_LENGTH).join(""),
      error: `Search text is too long: use at most ${SEARCH_MAX_LENGTH} characters.`,
    };
  return { ok: true, text };
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own characters (\ % _) taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
