// A fixed product line-up with seeded prices and relaunch dates: apparel with a Size option,
// non-sized everyday goods, and premium versions linked to their everyday product.
import { Rng } from "../util/rng";
import { PRODUCT_BASE, VARIANT_BASE } from "../util/ids";
import { DAY, type SimProduct, type SimVariant } from "../store/model";

interface Spec {
  title: string;
  type: string;
  sized: boolean;
  price: number;
  premiumOf?: string;
  /** Days relative to `now` when the product was improved/relaunched (negative = past). */
  relaunch?: number;
}

export const SIZES = ["XS", "S", "M", "L", "XL"] as const;

const SPECS: Spec[] = [
  { title: "Everyday Tee", type: "Apparel", sized: true, price: 24, relaunch: -20 },
  { title: "Organic Premium Tee", type: "Apparel", sized: true, price: 48, premiumOf: "Everyday Tee" },
  { title: "Classic Hoodie", type: "Apparel", sized: true, price: 65, relaunch: -45 },
  { title: "Slim Jeans", type: "Apparel", sized: true, price: 89, relaunch: 30 },
  { title: "Summer Dress", type: "Apparel", sized: true, price: 79 },
  { title: "Rain Jacket", type: "Apparel", sized: true, price: 149, relaunch: -200 },
  { title: "Merino Sweater", type: "Apparel", sized: true, price: 119 },
  { title: "Running Shorts", type: "Apparel", sized: true, price: 39 },
  { title: "Wool Socks", type: "Apparel", sized: true, price: 16 },
  { title: "Cashmere Socks", type: "Apparel", sized: true, price: 42, premiumOf: "Wool Socks" },
  { title: "House Coffee Beans", type: "Coffee", sized: false, price: 16 },
  { title: "Single-Origin Reserve Beans", type: "Coffee", sized: false, price: 34, premiumOf: "House Coffee Beans" },
  { title: "Green Tea", type: "Tea", sized: false, price: 12 },
  { title: "Ceremonial Matcha", type: "Tea", sized: false, price: 38, premiumOf: "Green Tea" },
  { title: "Daily Shampoo", type: "Care", sized: false, price: 14, relaunch: -90 },
  { title: "Salon Shampoo", type: "Care", sized: false, price: 36, premiumOf: "Daily Shampoo" },
  { title: "Classic Candle", type: "Home", sized: false, price: 22 },
  { title: "Luxe Soy Candle", type: "Home", sized: false, price: 54, premiumOf: "Classic Candle" },
  { title: "Ceramic Mug", type: "Home", sized: false, price: 18, relaunch: -10 },
  { title: "Olive Oil Soap", type: "Care", sized: false, price: 9 },
  { title: "Linen Tote", type: "Accessories", sized: false, price: 29 },
  { title: "Leather Wallet", type: "Accessories", sized: false, price: 95 },
  { title: "Desk Lamp", type: "Home", sized: false, price: 129 },
  { title: "Gift Card Box", type: "Gifts", sized: false, price: 50 },
];

const handleOf = (title: string): string => title.toLowerCase().replace(/[^a-z0-9]+/g, "-");

export function generateCatalog(seed: number, now: number): SimProduct[] {
  const created = now - 5 * 365 * DAY;
  const products: SimProduct[] = SPECS.map((spec, i) => {
    const rng = new Rng(seed, "product", i);
    const id = PRODUCT_BASE + i + 1;
    const base = Math.round(spec.price * 100 * (0.9 + rng.next() * 0.2)) - 1;
    const sizes: (string | null)[] = spec.sized ? [...SIZES] : [null];
    const variants: SimVariant[] = sizes.map((size, v) => ({
      id: VARIANT_BASE + (i + 1) * 100 + v + 1,
      title: size ?? "Default Title",
      sku: `${handleOf(spec.title).slice(0, 12).toUpperCase()}-${size ?? "OS"}`,
      priceCents: size === "XL" ? base + 200 : base,
      size,
      position: v + 1,
    }));
    return {
      id,
      handle: handleOf(spec.title),
      title: spec.title,
      vendor: "Rapport Demo Goods",
      productType: spec.type,
      tags: [spec.type.toLowerCase()],
      createdAt: created + i * 7 * DAY,
      relaunchedAt: spec.relaunch === undefined ? null : now + spec.relaunch * DAY + 10 * 3_600_000,
      sized: spec.sized,
      premiumProductId: null,
      isPremium: spec.premiumOf !== undefined,
      variants,
      editedAt: 0,
      descriptionHtml: `<p>${spec.title}.</p>`,
    };
  });
  SPECS.forEach((spec, i) => {
    if (!spec.premiumOf) return;
    const everyday = products[SPECS.findIndex((s) => s.title === spec.premiumOf)];
    everyday.premiumProductId = products[i].id;
    everyday.tags.push(`premium-version:${products[i].handle}`);
    products[i].tags.push("premium", `premium-of:${everyday.handle}`);
  });
  return products;
}

export const everydayWithPremium = (catalog: SimProduct[]): SimProduct[] =>
  catalog.filter((p) => p.premiumProductId !== null);
