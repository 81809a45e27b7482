// Turns a customer's facts into the snake_case object Liquid sees. Missing facts become null so a
// template's own `default` filter applies; catalogue fallbacks are spliced in at compile time.
import type { MessageFacts, MilestoneFact, ProductRef } from "./catalogue";

export type LiquidScope = Record<string, unknown>;

// Hand-rolled en-US formatting: Intl formatters cost microseconds per call, a large share of a
// render (context.test.ts checks these against Intl).
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const symbols = new Map<string, string>();

export function formatDate(at: Date): string {
  return `${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()}, ${at.getUTCFullYear()}`;
}

function symbol(currencyCode: string): string {
  let s = symbols.get(currencyCode);
  if (s === undefined) {
    const parts = new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).formatToParts(0);
    s = parts.find((p) => p.type === "currency")?.value ?? `${currencyCode} `;
    symbols.set(currencyCode, s);
  }
  return s;
}

export function money(amount: string, currencyCode: string): string {
  const cents = Math.round(Number(amount) * 100);
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${symbol(currencyCode)}${whole}.${(abs % 100).toString().padStart(2, "0")}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

export function milestoneLabel(m: MilestoneFact, currencyCode: string): string {
  const n = Number(m.threshold);
  if (m.kind === "lifetime_spend") return `${money(m.threshold, currencyCode).replace(/\.00$/, "")} spent with us`;
  if (m.kind === "order_count") return `your ${ordinal(n)} order`;
  if (m.kind === "anniversary_years") return `${n} ${n === 1 ? "year" : "years"} with us`;
  return "a milestone with us";
}

const product = (p: ProductRef | null) => (p ? { name: p.name, url: p.url } : null);

export function buildScope(facts: MessageFacts, ctaUrl = ""): LiquidScope {
  const { shop, milestone, lastOrder, relaunchedProduct } = facts;
  return {
    customer: { first_name: facts.customer.firstName || null, last_name: facts.customer.lastName || null },
    shop: { name: shop.name, url: shop.url },
    last_order: lastOrder
      ? { name: lastOrder.name, date: formatDate(lastOrder.processedAt), total: money(lastOrder.total, shop.currencyCode) }
      : null,
    product_just_bought: product(facts.productJustBought),
    favourite_product: product(facts.favouriteProduct),
    usual_size: facts.usualSize || null,
    milestone: milestone
      ? { kind: milestone.kind, threshold: milestone.threshold, date: formatDate(milestone.reachedAt), label: milestoneLabel(milestone, shop.currencyCode) }
      : null,
    premium_product: product(facts.premiumProduct),
    relaunched_product: relaunchedProduct
      ? { name: relaunchedProduct.name, url: relaunchedProduct.url, what_changed: relaunchedProduct.whatChanged || null }
      : null,
    campaign: { name: facts.campaign.name },
    cta_url: ctaUrl,
    unsubscribe_url: facts.unsubscribeUrl,
  };
}
