// Purchase occasions (docs/decisions/0205): the CLV model counts the days on which a customer
// bought, in the shop's timezone, not their orders — two orders the same day are one occasion, as
// in the BG/NBD literature and Python lifetimes (summary_data_from_transaction_data, freq "D").
// The monetary value of an occasion is the net of that day's counted orders. The SQL recompute
// computes the same days with PostgreSQL's `AT TIME ZONE` (localDaySql).
import { zonedFormat } from "~/shared/format";
import { DAY_MS } from "./config";
import type { OrderFact } from "./facts";
import { moneyToNumber, parseMoney, type Money } from "./money";

export interface PurchaseOccasions {
  /** Distinct purchase days. */
  days: number;
  /** The first and last purchase day, as days since 1970-01-01 in the shop's timezone. */
  firstDay: number | null;
  lastDay: number | null;
  /** Net value of the first purchase day's counted orders. */
  firstDayNet: Money;
}

const dayFormat = (timeZone: string) => zonedFormat(timeZone, "day");

/** The shop's timezone when it is one the runtime knows, else UTC (what Shop.ianaTimezone defaults to). */
export function calendarTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    dayFormat(timeZone);
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** The calendar day of `at` in `timeZone`, as days since 1970-01-01. */
export function localDay(at: Date, timeZone: string): number {
  const parts = dayFormat(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round(Date.UTC(part("year"), part("month") - 1, part("day")) / DAY_MS);
}

/** A day number as the `date` PostgreSQL stores (YYYY-MM-DD). */
export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The purchase occasions of `counted` (counted orders, oldest first: facts.ts countedOrders). */
export function purchaseOccasions(counted: readonly OrderFact[], timeZone: string): PurchaseOccasions {
  let days = 0;
  let firstDay: number | null = null;
  let lastDay: number | null = null;
  let firstDayNet = 0n;
  for (const o of counted) {
    const day = localDay(o.processedAt, timeZone);
    if (day !== lastDay) days++;
    if (firstDay === null) firstDay = day;
    if (day === firstDay) firstDayNet += parseMoney(o.totalPrice) - parseMoney(o.totalRefunded);
    lastDay = day;
  }
  return { days, firstDay, lastDay, firstDayNet };
}

/** The model's view of a customer (Fader–Hardie x, t_x, T in whole days; zbar per repeat occasion). */
export interface OccasionSummary {
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** `netSpend`: the net of every counted order; asOf's day is taken in the same timezone. */
export function occasionSummary(
  occasions: PurchaseOccasions,
  netSpend: Money,
  asOf: Date,
  timeZone: string,
): OccasionSummary | null {
  const { days, firstDay, lastDay } = occasions;
  if (days === 0 || firstDay === null || lastDay === null) return null;
  const x = days - 1;
  return {
    x,
    tx: lastDay - firstDay,
    T: localDay(asOf, timeZone) - firstDay,
    zbar: x > 0 ? moneyToNumber(netSpend - occasions.firstDayNet) / x : 0,
  };
}
