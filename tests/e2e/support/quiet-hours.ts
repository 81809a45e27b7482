// Quiet hours that hold no test message back, whatever the customer's time zone.
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/**
 * A one-minute quiet window that no time zone reaches in the next few minutes: zone offsets are
 * multiples of 15 minutes, so a window 7 minutes off the current minute (mod 15) is 7 minutes away
 * everywhere. The test's message then goes out at once wherever the customer lives.
 */
export function quietWindowAwayFromNow(now: Date): { start: string; end: string } {
  const start = 3 * 60 + ((now.getUTCMinutes() + 7) % 60);
  return { start: hhmm(start), end: hhmm(start + 1) };
}
