// Exact money: decimal strings with up to 4 places (the database's Decimal(18,4)) held as bigint
// ten-thousandths, so sums and comparisons match PostgreSQL numeric to the last digit.

export type Money = bigint;
const SCALE = 10_000n;

export function parseMoney(text: string): Money {
  const match = /^(-?)(\d+)(?:\.(\d{0,4})\d*)?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal amount: "${text}"`);
  const units = BigInt(match[2]) * SCALE + BigInt((match[3] ?? "").padEnd(4, "0"));
  return match[1] === "-" ? -units : units;
}

/** The exact decimal text PostgreSQL numeric takes ("12.5000"); display formatting is app/shared/format. */
export function moneyToDecimal(value: Money): string {
  const sign = value < 0n ? "-" : "";
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / SCALE}.${(abs % SCALE).toString().padStart(4, "0")}`;
}

/** value / divisor rounded half away from zero, as PostgreSQL round(numeric, 4) does. */
export function divideMoney(value: Money, divisor: number): Money {
  const d = BigInt(divisor);
  const q = value / d;
  const r = value % d;
  if (2n * (r < 0n ? -r : r) >= d) return value < 0n ? q - 1n : q + 1n;
  return q;
}

export const moneyToNumber = (value: Money): number => Number(value) / 10_000;
