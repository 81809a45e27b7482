// Shares for people to read: "41%", "9.8%", "0.4%". A share is a fraction (0.41 → "41%").
import { DEFAULT_LOCALE, numberFormat } from "./intl";

export interface PercentOptions {
  locale?: string;
  /** Most fraction digits shown (default 1): 0.098 → "9.8%", 0.41 → "41%". */
  maxDigits?: number;
}

export function formatPercent(share: number, options: PercentOptions = {}): string {
  if (!Number.isFinite(share)) throw new Error(`not a share: ${String(share)}`);
  const { locale = DEFAULT_LOCALE, maxDigits = 1 } = options;
  return numberFormat(locale, `percent:${maxDigits}`, {
    style: "percent",
    maximumFractionDigits: maxDigits,
  }).format(share);
}

/** The share `part / whole`, or null when the whole is zero (no customers: no share to show). */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
