// How rule values read to a merchant: money in the shop currency, dates as days, products by title,
// states as words. No raw timestamp, id or JSON ever comes out of here.
import { countOf, formatCount, formatDate, formatMoney, formatPercent } from "~/shared/format";
import { fieldSpec } from "./fields";
import { type FieldValue } from "./facts";
import { type Scalar } from "./types";

/** What the screen knows that the rules do not: the shop's currency and its products' titles. */
export interface Vocabulary {
  /** ISO 4217 code; without it money reads as a plain number. */
  currency?: string | null;
  productTitle?: (productId: string) => string | null | undefined;
}

export function moneyWords(amount: string | number, vocab: Vocabulary): string {
  try {
    if (vocab.currency) return formatMoney(amount, vocab.currency, { wholeIfInteger: true });
  } catch {
    // An unreadable amount or code falls through to the plain number.
  }
  const n = Number(amount);
  return Number.isFinite(n) ? formatCount(Math.round(n * 100) / 100) : String(amount);
}

export function productWords(productId: string | null | undefined, vocab: Vocabulary): string {
  if (productId === null || productId === undefined) return "an item without a product";
  const title = vocab.productTitle?.(productId);
  return title ? `“${title}”` : "a product no longer in the catalogue";
}

/** "SUBSCRIBED" → "subscribed", "at_risk" → "at risk", "size-too-small" → "size too small". */
export function stateWords(value: string): string {
  return value.toLowerCase().replace(/[_-]+/g, " ");
}

export function dateWords(at: Date | string | number): string {
  try {
    return formatDate(typeof at === "number" ? new Date(at) : at, { style: "medium" });
  } catch {
    return "an unreadable date";
  }
}

/** A field's value (a customer's, or one in a rule) in words. */
export function fieldValueWords(field: string, value: FieldValue | Scalar | undefined, vocab: Vocabulary): string {
  if (value === null || value === undefined) return "not known";
  const spec = fieldSpec(field);
  if (value instanceof Date || spec?.kind === "date") return dateWords(value instanceof Date ? value : String(value));
  if (spec?.unit === "money") return moneyWords(value, vocab);
  if (spec?.unit === "percent" && typeof value === "number") return formatPercent(value);
  if (spec?.kind === "id") return productWords(String(value), vocab);
  if (spec?.kind === "enum" || field === "lifecycleStage") return stateWords(String(value));
  if (typeof value === "number") return formatCount(value);
  return String(value);
}

/** "3 days", "1 day". */
export function daysWords(days: number): string {
  return countOf(days, "day");
}

/** Up to `max` items, then "and N more". */
export function listWords(items: string[], max = 3): string {
  if (items.length <= max) return items.join("; ");
  return `${items.slice(0, max).join("; ")}; and ${formatCount(items.length - max)} more`;
}
