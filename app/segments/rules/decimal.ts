// Exact comparison of decimal strings (money is Decimal(18,4); doubles would round large values).

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value);
}

export function toDecimalString(value: string | number): string {
  return typeof value === "number" ? String(value) : value.trim();
}

/** -1, 0 or 1. Both inputs must satisfy isDecimal (numbers: finite, not in exponent form). */
export function compareDecimal(a: string, b: string): number {
  const negA = a.startsWith("-");
  const negB = b.startsWith("-");
  const [ia, fa = ""] = (negA ? a.slice(1) : a).split(".");
  const [ib, fb = ""] = (negB ? b.slice(1) : b).split(".");
  const intA = ia.replace(/^0+/, "");
  const intB = ib.replace(/^0+/, "");
  const width = Math.max(fa.length, fb.length);
  const magA = intA.padStart(Math.max(intA.length, intB.length), "0") + fa.padEnd(width, "0");
  const magB = intB.padStart(Math.max(intA.length, intB.length), "0") + fb.padEnd(width, "0");
  const zeroA = /^0*$/.test(magA);
  const zeroB = /^0*$/.test(magB);
  const signA = zeroA ? 0 : negA ? -1 : 1;
  const signB = zeroB ? 0 : negB ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  const mag = magA === magB ? 0 : magA < magB ? -1 : 1;
  return signA < 0 ? -mag : mag;
}
