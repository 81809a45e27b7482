// Order and customer connections with search and sort keys. The root lists stream through the
// store in id order when sorted by ID (cheap on huge stores); other sort keys materialise keys.
import { orderSlot, customerIndexOf } from "../util/ids";
import type { SimCustomer, SimOrder } from "../store/model";
import {
  customerStats,
  customerUpdatedAt,
  isVisible,
  orderTotal,
  orderUpdatedAt,
  refundedAt,
  cancelledAt,
} from "../store/visible";
import {
  build,
  compareKeys,
  connectionFromSorted,
  decodeCursor,
  pageSize,
  type Connection,
  type PageArgs,
  type SortKey,
} from "./connection";
import { matches, parseQuery, type FieldValue, type Term } from "./search";
import type { GqlContext } from "./context";
import { customerView, orderView } from "./views";

export interface OrderRef {
  order: SimOrder;
  customer: SimCustomer | null;
  siblings: SimOrder[];
}

export type ListArgs = PageArgs & { query?: string | null; sortKey?: string | null };

function orderField(ctx: GqlContext, r: OrderRef, field: string): FieldValue | undefined {
  const o = r.order;
  switch (field) {
    case "updated_at":
      return orderUpdatedAt(o, ctx.at);
    case "created_at":
    case "processed_at":
      return o.processedAt;
    case "id":
      return o.id;
    case "customer_id":
      return o.customerId;
    case "name":
      return `#${o.number}`;
    case "email":
      return r.customer?.email ?? null;
    case "tag":
      return o.tags;
    case "test":
      return String(o.test);
    case "financial_status": {
      const refunded = refundedAt(o, ctx.at);
      return refunded === 0 ? "paid" : refunded >= orderTotal(o) ? "refunded" : "partially_refunded";
    }
    case "status":
      return cancelledAt(o, ctx.at) !== null ? ["cancelled", "closed"] : "open";
    case "default":
      return [`#${o.number}`, r.customer?.email ?? ""];
    default:
      return undefined;
  }
}

function orderKey(ctx: GqlContext, r: OrderRef, sortKey: string | null | undefined): SortKey {
  const o = r.order;
  switch (sortKey ?? "ID") {
    case "UPDATED_AT":
      return [orderUpdatedAt(o, ctx.at), o.id];
    case "CREATED_AT":
    case "PROCESSED_AT":
      return [o.processedAt, o.id];
    case "ORDER_NUMBER":
      return [o.number, o.id];
    case "TOTAL_PRICE":
      return [orderTotal(o), o.id];
    default:
      return [o.id, o.id];
  }
}

export function orderConnection(ctx: GqlContext, refs: OrderRef[], args: ListArgs): Connection<unknown> {
  const terms = parseQuery(args.query);
  const list = refs.filter((r) => matches(terms, (f) => orderField(ctx, r, f)));
  const keyed = list.map((r) => ({ r, k: orderKey(ctx, r, args.sortKey) })).sort((a, b) => compareKeys(a.k, b.k));
  return connectionFromSorted(
    keyed,
    (x) => x.k,
    args,
    (x) => orderView(ctx, x.r.order, x.r.customer, x.r.siblings),
  );
}

const streamable = (args: ListArgs): boolean =>
  (args.sortKey ?? "ID") === "ID" && !args.reverse && args.last == null && !args.before;

// The newest orders by id without materialising the store (how an app finds the id range to split
// an export by): histories walked from the last customer down.
function newestOrders(ctx: GqlContext, terms: Term[][], count: number): { page: OrderRef[]; more: boolean } {
  const page: OrderRef[] = [];
  for (let i = ctx.store.customerTotal - 1; i >= 0; i--) {
    const h = ctx.store.history(i)!;
    for (let k = h.orders.length - 1; k >= 0; k--) {
      const o = h.orders[k];
      if (!isVisible(o, ctx.at)) continue;
      const ref = { order: o, customer: o.customerId === null ? null : h.customer, siblings: h.orders };
      if (!matches(terms, (f) => orderField(ctx, ref, f))) continue;
      if (page.length === count) return { page, more: true };
      page.push(ref);
    }
  }
  return { page, more: false };
}

export function rootOrders(ctx: GqlContext, args: ListArgs): Connection<unknown> {
  const terms = parseQuery(args.query);
  const byId = (args.sortKey ?? "ID") === "ID" && args.last == null && !args.before && !args.after;
  if (byId && args.reverse) {
    const { page, more } = newestOrders(ctx, terms, pageSize(args).count);
    return build(
      page,
      (r) => [r.order.id, r.order.id],
      (r) => orderView(ctx, r.order, r.customer, r.siblings),
      more,
      false,
    );
  }
  if (!streamable(args)) {
    const refs: OrderRef[] = [];
    for (const h of ctx.store.histories())
      for (const o of h.orders)
        if (isVisible(o, ctx.at))
          refs.push({ order: o, customer: o.customerId === null ? null : h.customer, siblings: h.orders });
    return orderConnection(ctx, refs, args);
  }
  const { count } = pageSize(args);
  const afterId = args.after ? decodeCursor(args.after)[1] : 0;
  const page: OrderRef[] = [];
  let more = false;
  outer: for (const ref of streamOrders(ctx, terms, afterId)) {
    if (page.length === count) {
      more = true;
      break outer;
    }
    page.push(ref);
  }
  return build(
    page,
    (r) => [r.order.id, r.order.id],
    (r) => orderView(ctx, r.order, r.customer, r.siblings),
    more,
    afterId > 0,
  );
}

/**
 * The customer indices an `id:>=a id:<b` (AND-only) query can match: each customer owns a block of
 * order ids, so an id range is a range of customers and an export need not visit the others.
 */
export function orderIdSpan(terms: Term[][]): { from: number; to: number } {
  const span = { from: 0, to: Number.POSITIVE_INFINITY };
  if (terms.length !== 1) return span;
  for (const t of terms[0]) {
    if (t.field !== "id" || t.negate || !/^\d+$/.test(t.value)) continue;
    const index = orderSlot(Number(t.value)).index;
    if (t.op === ">" || t.op === ">=" || t.op === ":") span.from = Math.max(span.from, index);
    if (t.op === "<" || t.op === "<=" || t.op === ":") span.to = Math.min(span.to, index);
  }
  return span;
}

export function* streamOrders(ctx: GqlContext, terms: Term[][], afterId = 0): Generator<OrderRef> {
  const span = orderIdSpan(terms);
  const start = Math.max(afterId > 0 ? orderSlot(afterId).index : 0, span.from);
  for (const h of ctx.store.histories(start)) {
    if (h.customer.index > span.to) return;
    for (const o of h.orders) {
      if (o.id <= afterId || !isVisible(o, ctx.at)) continue;
      const ref = { order: o, customer: o.customerId === null ? null : h.customer, siblings: h.orders };
      if (matches(terms, (f) => orderField(ctx, ref, f))) yield ref;
    }
  }
}

function customerField(ctx: GqlContext, c: SimCustomer, orders: SimOrder[], field: string): FieldValue | undefined {
  switch (field) {
    case "updated_at":
      return customerUpdatedAt(c, orders, ctx.at);
    case "created_at":
      return c.createdAt;
    case "id":
      return c.id;
    case "email":
      return c.email.toLowerCase();
    case "first_name":
      return c.firstName.toLowerCase();
    case "last_name":
      return c.lastName.toLowerCase();
    case "tag":
      return c.tags;
    case "country":
      return c.country.toLowerCase();
    case "orders_count":
    case "number_of_orders":
      return customerStats(orders, ctx.at).count;
    case "email_marketing_state":
      return c.emailState.toLowerCase();
    case "default":
      return [c.email.toLowerCase(), `${c.firstName} ${c.lastName}`.toLowerCase()];
    default:
      return undefined;
  }
}

export function* streamCustomers(
  ctx: GqlContext,
  terms: Term[][],
  afterId = 0,
): Generator<{ customer: SimCustomer; orders: SimOrder[] }> {
  const start = afterId > 0 ? customerIndexOf(afterId) + 1 : 0;
  for (const h of ctx.store.histories(start)) {
    if (h.customer.createdAt > ctx.at) continue;
    if (matches(terms, (f) => customerField(ctx, h.customer, h.orders, f))) yield h;
  }
}

export function rootCustomers(ctx: GqlContext, args: ListArgs): Connection<unknown> {
  const terms = parseQuery(args.query);
  if (!streamable(args)) {
    const keyed: { k: SortKey; index: number }[] = [];
    for (const h of streamCustomers(ctx, terms)) {
      const c = h.customer;
      const sort = args.sortKey ?? "ID";
      const first: number | string =
        sort === "UPDATED_AT"
          ? customerUpdatedAt(c, h.orders, ctx.at)
          : sort === "CREATED_AT"
            ? c.createdAt
            : sort === "NAME"
              ? `${c.firstName} ${c.lastName}`.toLowerCase()
              : c.id;
      keyed.push({ k: [first, c.id], index: c.index });
    }
    keyed.sort((a, b) => compareKeys(a.k, b.k));
    return connectionFromSorted(
      keyed,
      (x) => x.k,
      args,
      (x) => {
        const h = ctx.store.history(x.index)!;
        return customerView(ctx, h.customer, h.orders);
      },
    );
  }
  const { count } = pageSize(args);
  const afterId = args.after ? decodeCursor(args.after)[1] : 0;
  const page: { customer: SimCustomer; orders: SimOrder[] }[] = [];
  let more = false;
  for (const h of streamCustomers(ctx, terms, afterId)) {
    if (page.length === count) {
      more = true;
      break;
    }
    page.push(h);
  }
  return build(
    page,
    (h) => [h.customer.id, h.customer.id],
    (h) => customerView(ctx, h.customer, h.orders),
    more,
    afterId > 0,
  );
}
