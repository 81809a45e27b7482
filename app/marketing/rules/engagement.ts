// Daily engagement for Shopify (decision 0175): which shop-local days are complete and not yet
// reported, each day's UTC window and offset, and the MarketingEngagementInput for its counts.
import { zonedTime } from "~/campaigns/rules/schedule";
import { dateFormat } from "~/shared/format/intl";

export interface DayWindow {
  day: string;
  start: Date;
  end: Date;
  /** "+HH:MM" / "-HH:MM" at the day's local noon (a DST day has one offset per report). */
  utcOffset: string;
}

export interface DayCounts {
  sends: number;
  clicks: number;
  unsubscribes: number;
}

/** A run reports at most this many days per activity; a long backlog drains over a few runs. */
export const MAX_DAYS_PER_RUN = 31;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function ymd(day: string): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The day after `day` (calendar arithmetic in UTC, no time zone involved). */
export function nextDay(day: string): string {
  const [y, m, d] = ymd(day);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The shop-local calendar day of an instant. */
export function localDay(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return dateFormat("en-CA", `iso-day|${timeZone}`, {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function dayWindow(day: string, timeZone: string): DayWindow {
  const [y, m, d] = ymd(day);
  const [ny, nm, nd] = ymd(nextDay(day));
  const noon = zonedTime(y, m, d, 12, 0, timeZone);
  return {
    day,
    start: zonedTime(y, m, d, 0, 0, timeZone),
    end: zonedTime(ny, nm, nd, 0, 0, timeZone),
    utcOffset: offsetText(Math.round((Date.UTC(y, m - 1, d, 12, 0) - noon.getTime()) / 60_000)),
  };
}

/**
 * Complete days from `firstDay` up to yesterday (shop-local) that are not in `reported`, oldest
 * first, at most MAX_DAYS_PER_RUN. Today is never reported: its counts are not final, and a day is
 * reported once (Shopify does not document whether a second report replaces or adds).
 */
export function daysToReport(firstDay: string, now: Date, timeZone: string, reported: ReadonlySet<string>): string[] {
  const today = localDay(now, timeZone);
  const days: string[] = [];
  for (let day = firstDay; day < today && days.length < MAX_DAYS_PER_RUN; day = nextDay(day)) {
    if (!reported.has(day)) days.push(day);
  }
  return days;
}

/**
 * Non-cumulative counts for the day (isCumulative, deprecated in 2026-07, defaults to false and is
 * not sent). Clicks are human clicks, one per message (decision 0176). Sends only
 * when Rapport itself sent the messages (the email channel): for the Shopify Email and Flow
 * hand-offs Rapport knows what it handed over, not what was sent.
 */
export function engagementInput(window: DayWindow, counts: DayCounts, reportsSends: boolean) {
  return {
    occurredOn: window.day,
    utcOffset: window.utcOffset,
    ...(reportsSends ? { sendsCount: counts.sends } : {}),
    clicksCount: counts.clicks,
    uniqueClicksCount: counts.clicks,
    unsubscribesCount: counts.unsubscribes,
  };
}
