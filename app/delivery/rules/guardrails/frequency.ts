// The frequency cap across all campaigns: at most `count` messages in any window of `days` days.
// `existing` holds the times of the customer's messages already sent or scheduled to be sent.

const DAY_MS = 86_400_000;

function fits(t: number, existing: readonly number[], count: number, windowMs: number): boolean {
  // Any window of length windowMs that contains t starts in (t - windowMs, t]; the busiest one
  // starts at t itself, just after t - windowMs, or at one of the existing times in between.
  const starts = [t, t - windowMs + 1, ...existing.filter((x) => x > t - windowMs && x <= t)];
  return starts.every((s) => existing.filter((x) => x >= s && x < s + windowMs).length < count);
}

/** The earliest time ≥ due at which one more message keeps every window within the cap. */
export function firstAllowedByCap(due: Date, existing: readonly Date[], count: number, days: number): Date {
  const windowMs = days * DAY_MS;
  const times = existing.map((d) => d.getTime()).sort((a, b) => a - b);
  let t = due.getTime();
  for (let i = 0; i <= times.length; i++) {
    if (fits(t, times, count, windowMs)) return new Date(t);
    const next = times.map((x) => x + windowMs).find((x) => x > t);
    if (next === undefined) break;
    t = next;
  }
  return new Date(t);
}
