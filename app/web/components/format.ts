// Display formatting shared by the screens (money in the shop currency, dates, rates), through
// the one formatting module (app/shared/format, decision 0150). Screens are in en-US: the shop has
// no locale in the data. A missing or unreadable value shows "—" rather than breaking the screen.
import { countOf, formatCount, formatDate, formatDateTime, formatMoney, formatPercent } from "~/shared/format";

export { countOf };

function orDash<T>(value: T | null | undefined, format: (v: T) => string): string {
  if (value === null || value === undefined || value === "") return "—";
  try {
    return format(value);
  } catch {
    return "—";
  }
}

export function money(
  amount: string | number | null | undefined,
  currency = "USD",
  options: { signed?: boolean } = {},
): string {
  return orDash(amount, (a) => formatMoney(a, currency, options));
}

export function count(n: number | null | undefined): string {
  return orDash(n, formatCount);
}

/** A rate (0.098) as "9.8%", at most `digits` decimals, through the cached formatter. */
export function percent(rate: number | null | undefined, digits = 1): string {
  return orDash(rate, (r) => formatPercent(r, { maxDigits: digits }));
}

export function date(iso: string | Date | null | undefined): string {
  return orDash(iso, (d) => formatDate(d, { style: "medium" }));
}

export function dateTime(iso: string | Date | null | undefined): string {
  return orDash(iso, (d) => formatDateTime(d));
}

const STAGES: Record<string, string> = { vip: "VIP", at_risk: "At risk" };

export function stageLabel(stage: string): string {
  return STAGES[stage] ?? titleCase(stage);
}

export function titleCase(value: string): string {
  return value
    .replaceAll("_", " ")
    .toLowerCase()
    .replace(/^\w/, (c) => c.toUpperCase());
}
