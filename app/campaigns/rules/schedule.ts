// Occurrences of a daily schedule in the shop's timezone.
import { zonedFormat } from "~/shared/format";

function parts(
  at: Date,
  timeZone: string,
): { y: number; m: number; d: number; hh: number; mm: number; weekday: number } {
  const p = Object.fromEntries(
    zonedFormat(timeZone, "full")
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return {
    y: +p.year,
    m: +p.month,
    d: +p.day,
    hh: +p.hour,
    mm: +p.minute,
    weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday),
  };
}

/** The instant at local wall time (y, m, d, hh:mm) in timeZone. */
export function zonedTime(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let t = guess;
  // Two corrections settle the offset, including across a DST change.
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(t), timeZone);
    const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm);
    t += guess - asUtc;
  }
  return new Date(t);
}

/** The most recent occurrence at or before `now`, looking back at most 8 days. */
export function latestOccurrence(
  now: Date,
  time: string,
  weekdays: readonly number[] | undefined,
  timeZone: string,
): Date | null {
  const [hh, mm] = time.split(":").map(Number);
  for (let back = 0; back <= 8; back++) {
    const day = parts(new Date(now.getTime() - back * 86_400_000), timeZone);
    const at = zonedTime(day.y, day.m, day.d, hh, mm, timeZone);
    if (at.getTime() > now.getTime()) continue;
    if (weekdays && !weekdays.includes(day.weekday)) continue;
    return at;
  }
  return null;
}
