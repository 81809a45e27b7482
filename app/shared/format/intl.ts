// Cached Intl formatters. Building an Intl.NumberFormat or DateTimeFormat costs tens of
// microseconds (locale data lookup); format() on a built one costs about a microsecond, so every
// formatter is built once per (locale, options) and kept (decision 0150).

/** Used when neither the customer nor the shop has a locale the runtime knows. */
export const DEFAULT_LOCALE = "en-US";

// Distinct keys are few (locales × currencies × a handful of option sets); the bound only guards
// against a flood of odd locale tags. A full reset keeps it simple.
const MAX_ENTRIES = 500;

function cached<T>(store: Map<string, T>, key: string, make: () => T): T {
  let value = store.get(key);
  if (value === undefined) {
    value = make();
    if (store.size >= MAX_ENTRIES) store.clear();
    store.set(key, value);
  }
  return value;
}

const locales = new Map<string, string>();

/**
 * A BCP 47 tag the runtime supports, from a stored one such as Shopify's customer locale ("fr",
 * "pt-BR", "en_US"); DEFAULT_LOCALE for none, a malformed tag or one the runtime has no data for.
 */
export function resolveLocale(tag: string | null | undefined): string {
  if (!tag || tag.trim() === "") return DEFAULT_LOCALE;
  return cached(locales, tag, () => {
    try {
      return Intl.NumberFormat.supportedLocalesOf(tag.trim().replaceAll("_", "-"))[0] ?? DEFAULT_LOCALE;
    } catch {
      return DEFAULT_LOCALE; // RangeError: not a well-formed language tag
    }
  });
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** `key` names the options (the caller builds it once per call site, cheaper than serialising them). */
export function numberFormat(locale: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(numberFormats, `${locale}|${key}`, () => new Intl.NumberFormat(locale, options));
}

export function dateFormat(locale: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateFormats, `${locale}|${key}`, () => new Intl.DateTimeFormat(locale, options));
}

export function plurals(locale: string): Intl.PluralRules {
  return cached(pluralRules, locale, () => new Intl.PluralRules(locale));
}
