// A complete set of facts for tests, benchmarks and the save-time trial render (validate.ts).
import type { MessageFacts } from "./catalogue";

export function sampleFacts(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return {
    shop: { name: "Acme Coffee", url: "https://acme.myshopify.com", currencyCode: "USD" },
    customer: { firstName: "Ada", lastName: "Lovelace" },
    lastOrder: { name: "#1042", processedAt: new Date("2026-11-22T10:00:00Z"), total: "48.5" },
    productJustBought: { name: "Ethiopia 250 g", url: "https://acme.myshopify.com/products/ethiopia" },
    favouriteProduct: { name: "House Blend", url: "https://acme.myshopify.com/products/house-blend" },
    usualSize: "M",
    milestone: { kind: "order_count", threshold: "10", reachedAt: new Date("2026-11-20T00:00:00Z") },
    premiumProduct: { name: "House Blend Reserve", url: "https://acme.myshopify.com/products/reserve" },
    relaunchedProduct: {
      name: "Trail Runner 2",
      url: "https://acme.myshopify.com/products/trail-runner",
      whatChanged: "a roomier toe box",
    },
    campaign: { name: "VIP thank-you" },
    unsubscribeUrl: "https://acme.myshopify.com/account",
    ...overrides,
  };
}

export function emptyFacts(): MessageFacts {
  return sampleFacts({
    customer: { firstName: null, lastName: null },
    lastOrder: null,
    productJustBought: null,
    favouriteProduct: null,
    usualSize: null,
    milestone: null,
    premiumProduct: null,
    relaunchedProduct: null,
  });
}
