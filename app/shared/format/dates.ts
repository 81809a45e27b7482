// Dates for people to read. Times are shown in UTC unless a time zone is given: a message's
// "November 22, 2026" and a screen's "Nov 22, 2026" are the UTC calendar day, as stored.
import { DEFAULT_LOCALE, dateFormat } from "./intl";

export interface DateOptions {
  locale?: string;
  /** "long": November 22, 2026 (messages); "medium": Nov 22, 2026 (screens). */
  style?: "long" | "medium";
  timeZone?: string;
}

function toDate(at: Date | string): Date {
  const date = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: "${String(at)}"`);
  return date;
}

export function formatDate(at: Date | string, options: DateOptions = {}): string {
  const { locale = DEFAULT_LOCALE, style = "long", timeZone = "UTC" } = options;
  return dateFormat(locale, `date:${style}:${timeZone}`, {
    year: "numeric",
    month: style === "long" ? "long" : "short",
    day: "numeric",
    timeZone,
  }).format(toDate(at));
}

/** "Nov 22, 2026, 10:05 AM UTC" (the zone is named: screens show UTC, not the viewer's clock). */
export function formatDateTime(at: Date | string, options: Omit<DateOptions, "style"> = {}): string {
  const { locale = DEFAULT_LOCALE, timeZone = "UTC" } = options;
  const format = dateFormat(locale, `datetime:${timeZone}`, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  });
  return `${format.format(toDate(at))} ${timeZone}`;
}

// Wall-clock fields of an instant in a time zone, for code that reads the parts (formatToParts)
// rather than shows them: numeric en-US output, the same on every machine, built once per zone.
const ZONED_FIELDS = {
  /** year, month, day */
  day: { year: "numeric", month: "numeric", day: "numeric" },
  /** hour (00–23), minute */
  clock: { hourCycle: "h23", hour: "2-digit", minute: "2-digit" },
  /** year, month, day, hour (00–23), minute, weekday (Sun…Sat) */
  full: {
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
  },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type ZonedFields = keyof typeof ZONED_FIELDS;

/** Throws a RangeError for a time zone the runtime does not know (nothing is cached then). */
export function zonedFormat(timeZone: string, fields: ZonedFields): Intl.DateTimeFormat {
  return dateFormat("en-US", `zoned:${fields}:${timeZone}`, { ...ZONED_FIELDS[fields], timeZone });
}
