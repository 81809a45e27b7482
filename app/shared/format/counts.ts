// Counts for people to read: "1,234", and "1 day" / "2 days". The app's words are English, so
// plural rules are English ones (Intl.PluralRules "en": one / other).
import { DEFAULT_LOCALE, numberFormat, plurals } from "./intl";

export function formatCount(n: number, locale = DEFAULT_LOCALE): string {
  return numberFormat(locale, "count", {}).format(n);
}

/** `pluralForm(1, "it sends", "they send")` → "it sends": the words for n, without the number. */
export function pluralForm<T>(n: number, one: T, other: T): T {
  return plurals(DEFAULT_LOCALE).select(n) === "one" ? one : other;
}

/** `countOf(1, "day")` → "1 day"; `countOf(3, "person", "people")` → "3 people". */
export function countOf(n: number, one: string, other = `${one}s`): string {
  return `${formatCount(n)} ${pluralForm(n, one, other)}`;
}
