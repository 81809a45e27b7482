// The variables a message template may use, built from one customer's facts. The catalogue is
// the single source for validation (unknown names are rejected), the editor's help list and the
// fallbacks applied when a fact is missing.

export interface ProductRef {
  name: string;
  url: string;
}

export interface MilestoneFact {
  kind: "lifetime_spend" | "order_count" | "anniversary_years" | (string & {});
  threshold: string; // decimal as text, e.g. "5000" or "10"
  reachedAt: Date;
}

/** What the campaign engine knows about one customer when it renders a message. */
export interface MessageFacts {
  shop: { name: string; url: string; currencyCode: string };
  /** locale: Shopify's customer locale ("fr", "pt-BR"); money and dates in messages follow it. */
  customer: { firstName: string | null; lastName: string | null; locale?: string | null };
  lastOrder: { name: string; processedAt: Date; total: string } | null;
  productJustBought: ProductRef | null;
  favouriteProduct: ProductRef | null;
  usualSize: string | null;
  milestone: MilestoneFact | null;
  premiumProduct: ProductRef | null;
  relaunchedProduct: (ProductRef & { whatChanged: string | null }) | null;
  campaign: { name: string };
  unsubscribeUrl: string;
}

export interface CatalogueEntry {
  path: string;
  description: string;
  example: string;
  /** Used when the fact is missing and the template gives no `default` of its own. */
  fallback?: string;
}

export const VARIABLE_CATALOGUE: readonly CatalogueEntry[] = [
  { path: "customer.first_name", description: "Customer's first name", example: "Ada", fallback: "there" },
  { path: "customer.last_name", description: "Customer's last name", example: "Lovelace", fallback: "" },
  { path: "shop.name", description: "Your store's name", example: "Acme Coffee" },
  { path: "shop.url", description: "Your store's address", example: "https://acme.myshopify.com" },
  { path: "last_order.name", description: "Most recent order number", example: "#1042", fallback: "your last order" },
  {
    path: "last_order.date",
    description: "Date of the most recent order",
    example: "November 22, 2026",
    fallback: "recently",
  },
  { path: "last_order.total", description: "Total of the most recent order", example: "$48.00", fallback: "" },
  {
    path: "product_just_bought.name",
    description: "Product in the order that triggered the message",
    example: "Ethiopia Yirgacheffe 250 g",
    fallback: "your order",
  },
  {
    path: "product_just_bought.url",
    description: "Link to that product",
    example: "https://acme.myshopify.com/products/ethiopia",
    fallback: "",
  },
  {
    path: "favourite_product.name",
    description: "The product the customer buys most",
    example: "House Blend 1 kg",
    fallback: "your favourite",
  },
  {
    path: "favourite_product.url",
    description: "Link to the favourite product",
    example: "https://acme.myshopify.com/products/house-blend",
    fallback: "",
  },
  { path: "usual_size", description: "The size the customer usually orders", example: "M", fallback: "" },
  {
    path: "milestone.kind",
    description: "lifetime_spend, order_count or anniversary_years",
    example: "order_count",
    fallback: "",
  },
  {
    path: "milestone.threshold",
    description: "The milestone's threshold (amount, orders or years)",
    example: "10",
    fallback: "",
  },
  { path: "milestone.date", description: "When the milestone was reached", example: "November 20, 2026", fallback: "" },
  {
    path: "milestone.label",
    description: "The milestone in words",
    example: "your 10th order",
    fallback: "a milestone with us",
  },
  {
    path: "premium_product.name",
    description: "Premium version of the product the customer keeps buying",
    example: "House Blend Reserve",
    fallback: "our premium edition",
  },
  {
    path: "premium_product.url",
    description: "Link to the premium version",
    example: "https://acme.myshopify.com/products/reserve",
    fallback: "",
  },
  {
    path: "relaunched_product.name",
    description: "Improved product the customer once returned",
    example: "Trail Runner 2",
    fallback: "the improved version",
  },
  {
    path: "relaunched_product.url",
    description: "Link to the relaunched product",
    example: "https://acme.myshopify.com/products/trail-runner",
    fallback: "",
  },
  {
    path: "relaunched_product.what_changed",
    description: "What the merchant improved",
    example: "a roomier toe box",
    fallback: "it has been improved based on customer feedback",
  },
  { path: "campaign.name", description: "This campaign's name", example: "VIP thank-you" },
  {
    path: "cta_url",
    description: "The rendered call-to-action link",
    example: "https://acme.myshopify.com/products/reserve",
  },
  {
    path: "unsubscribe_url",
    description: "Where the customer manages email preferences",
    example: "https://acme.myshopify.com/account",
  },
];

export const AVAILABLE_VARIABLES: readonly string[] = VARIABLE_CATALOGUE.map((v) => v.path);

const byPath = new Map(VARIABLE_CATALOGUE.map((v) => [v.path, v]));
const prefixes = new Set(
  AVAILABLE_VARIABLES.flatMap((p) => p.split(".").map((_, i, parts) => parts.slice(0, i + 1).join("."))),
);

export function catalogueEntry(path: string): CatalogueEntry | undefined {
  return byPath.get(path);
}

/** True for a catalogue path or an object on the way to one (`milestone` in `{% if milestone %}`). */
export function isKnownVariable(path: string): boolean {
  return prefixes.has(path);
}
