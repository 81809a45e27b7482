// Milestones a customer holds as of an instant, each with the instant it was reached
// (docs/decisions/0022): lifetime net spend — the processedAt of the counted order whose running
// net total (orders by processedAt, then id) first reached the threshold; order count — the n-th
// counted order's processedAt; anniversary — first counted order + years × 365 days, once passed.
// A milestone no longer held (e.g. after a refund) is dropped; "newly reached" = held now, not before.
import { DAY_MS, type MilestoneConfig } from "./config";
import { countedOrders, type OrderFact } from "./facts";
import { parseMoney } from "./money";

export type MilestoneKind = "lifetime_spend" | "order_count" | "anniversary_years";

export interface Milestone {
  kind: MilestoneKind;
  /** Decimal string: "5000.0000", "10.0000", "2.0000" (the column is Decimal(18,4)). */
  threshold: string;
  reachedAt: Date;
}

const asThreshold = (n: number | string) => {
  const [whole, frac = ""] = String(n).split(".");
  return `${whole}.${frac.padEnd(4, "0").slice(0, 4)}`;
};

export function milestones(orders: readonly OrderFact[], asOf: Date, config: MilestoneConfig): Milestone[] {
  const counted = countedOrders(orders, asOf);
  const out: Milestone[] = [];
  const spendTargets = config.lifetimeSpend
    .map((t) => ({ text: t, units: parseMoney(t) }))
    .sort((a, b) => (a.units < b.units ? -1 : 1));
  let running = 0n;
  let next = 0;
  for (const o of counted) {
    running += parseMoney(o.totalPrice) - parseMoney(o.totalRefunded);
    while (next < spendTargets.length && running >= spendTargets[next].units) {
      out.push({ kind: "lifetime_spend", threshold: asThreshold(spendTargets[next].text), reachedAt: o.processedAt });
      next++;
    }
  }
  // The running total can dip (a negative net order); a milestone holds only if the total still does.
  const held = out.filter((m) => running >= parseMoney(m.threshold));
  for (const n of config.orderCount) {
    if (counted.length >= n)
      held.push({ kind: "order_count", threshold: asThreshold(n), reachedAt: counted[n - 1].processedAt });
  }
  if (counted.length > 0) {
    for (const years of config.anniversaryYears) {
      const at = new Date(counted[0].processedAt.getTime() + years * 365 * DAY_MS);
      if (at.getTime() <= asOf.getTime())
        held.push({ kind: "anniversary_years", threshold: asThreshold(years), reachedAt: at });
    }
  }
  return held;
}

const key = (m: Milestone) => `${m.kind}|${m.threshold}`;

export function newlyReached(before: readonly Milestone[], now: readonly Milestone[]): Milestone[] {
  const seen = new Set(before.map(key));
  return now.filter((m) => !seen.has(key(m)));
}
