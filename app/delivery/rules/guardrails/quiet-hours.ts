// Quiet hours in a timezone: a message due inside the window moves to the window's end.
import { zonedFormat } from "~/shared/format";
import { minutesOfDay } from "./settings";

const format = (timeZone: string) => zonedFormat(timeZone, "clock");

export function isValidTimeZone(timeZone: string | null | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    format(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The customer's timezone when known and valid, else the shop's, else UTC. */
export function effectiveTimeZone(customerTz: string | null | undefined, shopTz: string | null | undefined): string {
  if (isValidTimeZone(customerTz)) return customerTz;
  if (isValidTimeZone(shopTz)) return shopTz;
  return "UTC";
}

export function localMinutes(at: Date, timeZone: string): number {
  const parts = format(timeZone).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return hour * 60 + minute;
}

function inWindow(minute: number, start: number, end: number): boolean {
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function inQuietHours(at: Date, timeZone: string, quietStart: string, quietEnd: string): boolean {
  return inWindow(localMinutes(at, timeZone), minutesOfDay(quietStart), minutesOfDay(quietEnd));
}

/** `at` itself when outside quiet hours, else the first instant (whole minute) the window ends. */
export function afterQuietHours(at: Date, timeZone: string, quietStart: string, quietEnd: string): Date {
  const start = minutesOfDay(quietStart);
  const end = minutesOfDay(quietEnd);
  const local = localMinutes(at, timeZone);
  if (start === end || !inWindow(local, start, end)) return at;
  const wholeMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  let candidate = new Date(wholeMinute + ((end - local + 1440) % 1440) * 60_000);
  // A DST change inside the wait shifts local time by the offset difference; correct once.
  const drift = localMinutes(candidate, timeZone) - end;
  if (drift !== 0 && Math.abs(drift) <= 120) candidate = new Date(candidate.getTime() - drift * 60_000);
  return candidate;
}
