// Exact money as fixed-point bigint in units of 1/10,000 (the columns are Decimal(18,4)).

const SCALE = 10_000n;

export function toUnits(amount: string | number | null | undefined): bigint {
  if (amount === null || amount === undefined || amount === "") return 0n;
  const text = typeof amount === "number" ? amount.toFixed(4) : amount.trim();
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const units = BigInt(whole || "0") * SCALE + BigInt((fraction + "0000").slice(0, 4));
  return negative ? -units : units;
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const text = `${abs / SCALE}.${(abs % SCALE).toString().padStart(4, "0")}`;
  return negative ? `-${text}` : text;
}

export function sumAmounts(amounts: (string | number | null | undefined)[]): string {
  return fromUnits(amounts.reduce<bigint>((total, a) => total + toUnits(a), 0n));
}
