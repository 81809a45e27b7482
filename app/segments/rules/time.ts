// Day arithmetic relative to `now`: a day is 24 h (UTC instants), the same in SQL and in memory.
export const DAY_MS = 86_400_000;

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** The half-open window (from, to] an instant must fall in, or null bounds for "unbounded". */
export interface Window {
  after: Date | null;
  atOrBefore: Date;
}

export function lookback(now: Date, withinDays: number | undefined): Window {
  return { after: withinDays === undefined ? null : daysBefore(now, withinDays), atOrBefore: now };
}

export function inWindow(at: Date, window: Window): boolean {
  return (
    at.getTime() <= window.atOrBefore.getTime() && (window.after === null || at.getTime() > window.after.getTime())
  );
}

/** The window a relativeDate op selects. atLeastDaysAgo has no lower bound. */
export function relativeWindow(now: Date, op: "withinLastDays" | "atLeastDaysAgo" | "daysAgo", days: number): Window {
  switch (op) {
    case "withinLastDays":
      return { after: daysBefore(now, days), atOrBefore: now };
    case "atLeastDaysAgo":
      return { after: null, atOrBefore: daysBefore(now, days) };
    case "daysAgo":
      return { after: daysBefore(now, days + 1), atOrBefore: daysBefore(now, days) };
  }
}
