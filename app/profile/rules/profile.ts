// Order-derived profile of one customer as of an instant. Definitions (docs/decisions/0022):
// counted orders per pillars.md; gross = Σ totalPrice; net = Σ (totalPrice − totalRefunded), which
// already subtracts returns (a return's money flows back as a refund); AOV = net / orders rounded
// to 4 places; typical gap = mean gap = (last − first) / (orders − 1) in days; historical CLV = net.
import { DAY_MS } from "./config";
import { countedOrders, type OrderFact, type ReturnLineFact } from "./facts";
import { divideMoney, parseMoney, type Money } from "./money";

export interface OrderProfile {
  orderCount: number;
  grossSpend: Money;
  netSpend: Money;
  aov: Money;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** Net value of the first counted order: net − this is the repeat spend the CLV model sees. */
  firstOrderNet: Money;
  tenureDays: number | null;
  daysSinceLast: number | null;
  avgGapDays: number | null;
  historicalClv: Money;
}

export function orderProfile(orders: readonly OrderFact[], asOf: Date): OrderProfile {
  const counted = countedOrders(orders, asOf);
  let gross = 0n;
  let net = 0n;
  for (const o of counted) {
    gross += parseMoney(o.totalPrice);
    net += parseMoney(o.totalPrice) - parseMoney(o.totalRefunded);
  }
  const n = counted.length;
  const first = n > 0 ? counted[0].processedAt : null;
  const last = n > 0 ? counted[n - 1].processedAt : null;
  const days = (from: Date | null) => (from ? Math.floor((asOf.getTime() - from.getTime()) / DAY_MS) : null);
  return {
    orderCount: n,
    grossSpend: gross,
    netSpend: net,
    aov: n > 0 ? divideMoney(net, n) : 0n,
    firstOrderAt: first,
    lastOrderAt: last,
    firstOrderNet: n > 0 ? parseMoney(counted[0].totalPrice) - parseMoney(counted[0].totalRefunded) : 0n,
    tenureDays: days(first),
    daysSinceLast: days(last),
    // Seconds first, then days: the same float operations as the SQL recompute, bit for bit.
    avgGapDays: n > 1 && first && last ? (last.getTime() - first.getTime()) / 1000 / 86_400 / (n - 1) : null,
    historicalClv: net,
  };
}

export interface ReturnSummary {
  returnCount: number;
  returnedItems: number;
  items: ReturnLineFact[];
}

export function returnSummary(lines: readonly ReturnLineFact[]): ReturnSummary {
  return {
    returnCount: new Set(lines.map((l) => l.returnId)).size,
    returnedItems: lines.reduce((s, l) => s + l.quantity, 0),
    items: [...lines].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
  };
}

export interface Consent {
  email: boolean;
  sms: boolean;
}

/** Marketing consent per channel: only Shopify's SUBSCRIBED state counts as consent. */
export function consent(emailState: string, smsState: string): Consent {
  return { email: emailState === "SUBSCRIBED", sms: smsState === "SUBSCRIBED" };
}
