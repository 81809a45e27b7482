// Money for people to read, in messages and on screens. Amounts are exact decimal strings (the
// database's numeric as text); Intl.NumberFormat formats such a string exactly (no float
// rounding) and rounds half away from zero to the currency's own digits: ¥1,235, KWD 1,234.500.
import { DEFAULT_LOCALE, numberFormat } from "./intl";

export interface MoneyOptions {
  /** A supported locale (resolveLocale); en-US when absent. */
  locale?: string;
  /** "$5,000" rather than "$5,000.00"; an amount with cents keeps them. */
  wholeIfInteger?: boolean;
  /** "+$1.50" / "-$1.50", for differences. */
  signed?: boolean;
}

const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;
const CURRENCY = /^[A-Za-z]{3}$/;

export function formatMoney(amount: string | number, currency: string, options: MoneyOptions = {}): string {
  const value = typeof amount === "number" ? amount : amount.trim();
  if (typeof value === "number" ? !Number.isFinite(value) : !DECIMAL.test(value)) {
    throw new Error(`not a decimal amount: "${String(amount)}"`);
  }
  if (!CURRENCY.test(currency))
    throw new Error(`not a currency code: "${currency}" (expected three letters, such as USD)`);
  const code = currency.toUpperCase();
  const { wholeIfInteger = false, signed = false } = options;
  const format = numberFormat(
    options.locale ?? DEFAULT_LOCALE,
    `money:${code}:${wholeIfInteger ? "w" : ""}${signed ? "s" : ""}`,
    {
      style: "currency",
      currency: code,
      // A negative amount that rounds to zero reads "$0.00", not "-$0.00"; differences keep "+".
      signDisplay: signed ? "always" : "negative",
      trailingZeroDisplay: wholeIfInteger ? "stripIfInteger" : "auto",
    },
  );
  return format.format(value as number | Intl.StringNumericLiteral);
}

/** The currency's sign as the locale writes it beside an amount: "$", "¥", "CHF", "KWD". */
export function currencySymbol(currency: string, locale: string = DEFAULT_LOCALE): string {
  if (!CURRENCY.test(currency))
    throw new Error(`not a currency code: "${currency}" (expected three letters, such as USD)`);
  const code = currency.toUpperCase();
  const parts = numberFormat(locale, `money:${code}:`, { style: "currency", currency: code }).formatToParts(0);
  return parts.find((part) => part.type === "currency")?.value ?? code;
}
