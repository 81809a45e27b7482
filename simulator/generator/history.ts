// One customer's whole life, from (seed, index) alone: a BG/NBD-style buy-till-you-die
// process (Gamma purchase rate, Beta dropout after each purchase), Q4 seasonality by thinning,
// a Gamma-Gamma-like heavy-tailed order value, favourite products bought again and again,
// returns, partial refunds, cancellations and the odd guest checkout in the same id block.
// The process runs past `now` so advancing the clock reveals the orders "due" in between.
import { Rng } from "../util/rng";
import { customerId, GUEST_SEQ } from "../util/ids";
import { DAY, HOUR, type SimCustomer, type SimOrder, type SimProduct } from "../store/model";
import { SIZES } from "./catalog";
import { person } from "./people";
import { addRefund, addReturn, buildOrder, orderTotal, returnLifecycle, type BasketLine } from "./order-builder";
import { plantedCount, plantedHistory } from "./planted";

export interface GeneratorConfig {
  seed: number;
  customers: number;
  /** The store's "today": history ends here; the clock starts here. */
  now: number;
  /** How far past `now` the buying process is simulated (default 730 days). */
  futureDays?: number;
}

export interface CustomerHistory {
  customer: SimCustomer;
  /** Every generated order in the customer's id block, in seq order, guest checkouts included. */
  orders: SimOrder[];
}

const HISTORY_DAYS = 4 * 365;
const MAX_ORDERS = 200;

/** Relative demand by month (Jan..Dec): a Q4 peak (Black Friday, holidays). */
const SEASON = [0.8, 0.7, 0.85, 0.9, 0.95, 0.9, 0.85, 0.9, 0.95, 1.1, 1.6, 1.9];
const SEASON_MAX = Math.max(...SEASON);
export const seasonWeight = (t: number): number => SEASON[new Date(t).getUTCMonth()];

export function generateHistory(cfg: GeneratorConfig, catalog: SimProduct[], index: number): CustomerHistory {
  const rng = new Rng(cfg.seed, "customer", index);
  const p = person(rng, index);
  const base: SimCustomer = {
    index,
    id: customerId(index),
    firstName: p.firstName,
    lastName: p.lastName,
    email: p.email,
    phone: p.phone,
    emailState: p.emailState,
    emailOptIn: p.emailOptIn,
    emailConsentAt: null,
    smsState: p.smsState,
    locale: p.locale,
    timezone: p.timezone,
    country: p.country,
    city: p.city,
    tags: [],
    note: null,
    createdAt: 0,
    editedAt: 0,
    planted: null,
  };
  if (index < plantedCount(cfg.customers)) return plantedHistory(cfg, catalog, base, rng);

  const horizon = cfg.now + (cfg.futureDays ?? 730) * DAY;
  const acquiredAt = cfg.now - HISTORY_DAYS * DAY * Math.pow(rng.next(), 1.25) - rng.int(0, 23) * HOUR;
  const orders: SimOrder[] = [];
  const browserOnly = rng.chance(0.06);
  base.createdAt = acquiredAt - rng.int(0, 72) * HOUR;
  if (base.emailState !== "NOT_SUBSCRIBED") base.emailConsentAt = base.createdAt;

  if (!browserOnly) {
    const ratePerDay = rng.gamma(0.5, 5 / 0.5) / 365;
    const dropout = rng.beta(0.9, 2.6);
    const meanValue = Math.min(250_000, Math.max(900, Math.exp(Math.log(3300) + 1.45 * rng.normal())));
    const size = rng.weighted(SIZES.map((s, i) => [s, [1, 3, 4, 3, 1][i]] as const));
    const loyalToOne = rng.chance(0.18);
    const everyday = catalog.filter((x) => x.premiumProductId !== null);
    const favourite = loyalToOne ? rng.pick(everyday) : rng.pick(catalog);
    let t = acquiredAt;
    for (let seq = 1; seq <= MAX_ORDERS && t <= horizon; seq++) {
      const basket = chooseBasket(rng, catalog, favourite, loyalToOne, size, meanValue * rng.gamma(5, 1 / 5));
      const order = buildOrder(index, seq, base.id, t, basket, "baseline");
      decorate(order, rng);
      orders.push(order);
      if (rng.chance(dropout)) break;
      t = nextPurchase(rng, t, ratePerDay, horizon);
    }
  }
  if (rng.chance(0.06)) {
    const when = cfg.now - HISTORY_DAYS * DAY * rng.next();
    const product = rng.pick(catalog);
    const variant = rng.pick(product.variants);
    orders.push(buildOrder(index, GUEST_SEQ, null, when, [{ product, variant, quantity: 1 }], "guest"));
  }
  return { customer: base, orders };
}

function nextPurchase(rng: Rng, from: number, ratePerDay: number, horizon: number): number {
  let t = from;
  for (;;) {
    t += rng.exponential(ratePerDay * SEASON_MAX) * DAY;
    if (t > horizon || rng.next() * SEASON_MAX < seasonWeight(t)) return t;
  }
}

function chooseBasket(
  rng: Rng,
  catalog: SimProduct[],
  favourite: SimProduct,
  loyal: boolean,
  size: string,
  target: number,
): BasketLine[] {
  const lines: BasketLine[] = [];
  let value = 0;
  const add = (product: SimProduct): void => {
    const variant = product.sized
      ? (product.variants.find((v) => v.size === size) ?? product.variants[0])
      : product.variants[0];
    const existing = lines.find((l) => l.variant.id === variant.id);
    if (existing) existing.quantity += 1;
    else lines.push({ product, variant, quantity: 1 });
    value += variant.priceCents;
  };
  if (loyal ? rng.chance(0.9) : rng.chance(0.25)) add(favourite);
  while ((lines.length === 0 || value < target * 0.85) && lines.length < 5) add(rng.pick(catalog));
  // Big spenders buy more units rather than ever more distinct products.
  for (let guard = 0; value < target * 0.85 && guard < 40; guard++) {
    const line = rng.pick(lines);
    line.quantity += 1;
    value += line.variant.priceCents;
  }
  return lines;
}

function decorate(order: SimOrder, rng: Rng): void {
  if (rng.chance(0.15)) for (const l of order.lineItems) l.discountCents = Math.round(l.unitCents * l.quantity * 0.1);
  if (rng.chance(0.015)) {
    order.cancelledAt = order.processedAt + rng.int(1, 20) * HOUR;
    order.cancelReason = rng.pick(["CUSTOMER", "INVENTORY", "DECLINED", "FRAUD"]);
    addRefund(
      order,
      order.cancelledAt,
      orderTotal(order),
      order.lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity })),
      "Cancelled",
    );
    return;
  }
  if (rng.chance(0.1)) {
    const line = rng.pick(order.lineItems);
    const product = line.title;
    const sized = line.variantTitle !== null;
    const reasonHandle = sized
      ? rng.weighted([
          ["size-too-small", 28],
          ["size-too-large", 27],
          ["defective", 10],
          ["not-as-described", 8],
          ["style", 8],
          ["color", 7],
          ["unwanted", 8],
          ["wrong-item", 2],
          ["other", 2],
        ] as const)
      : rng.weighted([
          ["defective", 30],
          ["not-as-described", 20],
          ["wrong-item", 10],
          ["unwanted", 30],
          ["other", 10],
        ] as const);
    const ret = addReturn(order, order.processedAt + rng.int(3, 20) * DAY + rng.int(0, 23) * HOUR, [
      {
        lineItemId: line.id,
        quantity: 1,
        reasonHandle,
        customerNote: rng.chance(0.3) ? `About the ${product}: not what I hoped.` : null,
      },
    ]);
    returnLifecycle(order, ret, rng);
  } else if (rng.chance(0.03)) {
    const amount = Math.round(orderTotal(order) * (0.1 + rng.next() * 0.2));
    addRefund(order, order.processedAt + rng.int(2, 10) * DAY, amount, [], "Goodwill partial refund");
  }
}
