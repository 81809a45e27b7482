// Turns a customer's facts into the snake_case object Liquid sees. Missing facts become null so a
// template's own `default` filter applies; catalogue fallbacks are spliced in at compile time.
// Money and dates are written in the customer's locale (Customer.locale from Shopify) when the
// runtime knows it, else en-US; the shop has no locale of its own in the data (decision 0150).
import { countOf, formatDate, formatMoney, resolveLocale } from "~/shared/format";
import type { MessageFacts, MilestoneFact, ProductRef } from "./catalogue";

export type LiquidScope = Record<string, unknown>;

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

export function milestoneLabel(m: MilestoneFact, currencyCode: string, locale?: string): string {
  const n = Number(m.threshold);
  if (m.kind === "lifetime_spend")
    return `${formatMoney(m.threshold, currencyCode, { locale, wholeIfInteger: true })} spent with us`;
  if (m.kind === "order_count") return `your ${ordinal(n)} order`;
  if (m.kind === "anniversary_years") return `${countOf(n, "year")} with us`;
  return "a milestone with us";
}

const product = (p: ProductRef | null) => (p ? { name: p.name, url: p.url } : null);

export function buildScope(facts: MessageFacts, ctaUrl = ""): LiquidScope {
  const { shop, milestone, lastOrder, relaunchedProduct } = facts;
  const locale = resolveLocale(facts.customer.locale);
  return {
    customer: { first_name: facts.customer.firstName || null, last_name: facts.customer.lastName || null },
    shop: { name: shop.name, url: shop.url },
    last_order: lastOrder
      ? {
          name: lastOrder.name,
          date: formatDate(lastOrder.processedAt, { locale }),
          total: formatMoney(lastOrder.total, shop.currencyCode, { locale }),
        }
      : null,
    product_just_bought: product(facts.productJustBought),
    favourite_product: product(facts.favouriteProduct),
    usual_size: facts.usualSize || null,
    milestone: milestone
      ? {
          kind: milestone.kind,
          threshold: milestone.threshold,
          date: formatDate(milestone.reachedAt, { locale }),
          label: milestoneLabel(milestone, shop.currencyCode, locale),
        }
      : null,
    premium_product: product(facts.premiumProduct),
    relaunched_product: relaunchedProduct
      ? {
          name: relaunchedProduct.name,
          url: relaunchedProduct.url,
          what_changed: relaunchedProduct.whatChanged || null,
        }
      : null,
    campaign: { name: facts.campaign.name },
    cta_url: ctaUrl,
    unsubscribe_url: facts.unsubscribeUrl,
  };
}
