// The one home for formatting what people read (decision 0150): messages and screens both use it.
export { formatDate, formatDateTime, zonedFormat, type DateOptions, type ZonedFields } from "./dates";
export { DEFAULT_LOCALE, resolveLocale } from "./intl";
export { formatMoney, type MoneyOptions, currencySymbol } from "./money";
export { countOf, formatCount, pluralForm } from "./counts";
export { formatPercent, shareOf, type PercentOptions } from "./percent";
