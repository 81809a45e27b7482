// Money is carried as integer cents and printed as Shopify Decimal strings ("12.5" style is
// avoided: always two decimals, which Shopify also accepts and is exact).

export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function decimalToCents(value: string | number): number {
  const s = String(value).trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,}))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = ((m[3] ?? "") + "00").slice(0, 2);
  const cents = Number(m[2]) * 100 + Number(frac);
  return m[1] === "-" ? -cents : cents;
}

export const CURRENCY = "USD";

export function moneyV2(cents: number): { amount: string; currencyCode: string } {
  return { amount: centsToDecimal(cents), currencyCode: CURRENCY };
}

export function moneyBag(cents: number): {
  shopMoney: { amount: string; currencyCode: string };
  presentmentMoney: { amount: string; currencyCode: string };
} {
  return { shopMoney: moneyV2(cents), presentmentMoney: moneyV2(cents) };
}
