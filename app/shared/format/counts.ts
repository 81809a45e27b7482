// Counts for people to read: "1,234", and "1 day" / "2 days". The app's words are English, so
// plural rules are English ones (Intl.PluralRules "en": one / other).
import { DEFAULT_LOCALE, numberFormat, plurals } from "./intl";

export function formatCount(n: number, locale = DEFAULT_LOCALE): string {
  return numberFormat(locale, "count", {}).format(n);
}

/** `countOf(1, "day")` → "1 day"; `countOf(3, "person", "people")` → "3 people". */
export function countOf(n: number, one: string, other = `${one}s`): string {
  const word = plurals(DEFAULT_LOCALE).select(n) === "one" ? one : other;
  return `${formatCount(n)} ${word}`;
}
