// Store activity: what shoppers and the merchant do, applied at the clock's current time and
// announced as events (which the webhook dispatcher turns into deliveries).
import {
  buildOrder,
  addRefund,
  addReturn,
  refundLinesAmount,
  orderTotal,
  type BasketLine,
} from "../generator/order-builder";
import { childId, customerId as customerIdOf, customerIndexOf, parentOf } from "../util/ids";
import { currentQuantityAt } from "./visible";
import { decimalToCents } from "../util/money";
import { Rng } from "../util/rng";
import type { Clock } from "./clock";
import {
  DAY,
  type SimOrderEdit,
  type EmailState,
  type SimCustomer,
  type SimOrder,
  type SimProduct,
  type SimRefund,
  type SimReturn,
} from "./model";
import type { Store } from "./store";
import type { EventSink, StoreEvent } from "./events";
import { scanEvents } from "./scan";

export interface OrderInput {
  customerId?: number | string | null;
  lines?: { variantId?: number | string; productId?: number | string; quantity?: number }[];
}
export interface RefundInput {
  orderId: number | string;
  amount?: string;
  lines?: { lineItemId: number | string; quantity: number }[];
  note?: string;
}
export interface OrderEditInput {
  orderId: number | string;
  removeLineItemIds: (number | string)[];
}
export interface ReturnInput {
  orderId: number | string;
  lines?: { lineItemId: number | string; quantity?: number; reasonHandle: string; customerNote?: string }[];
}
export interface CustomerUpdate {
  firstName?: string;
  lastName?: string;
  email?: string;
  emailState?: EmailState;
  smsState?: EmailState;
  locale?: string;
  tags?: string[];
  note?: string | null;
}
export interface ProductUpdate {
  title?: string;
  descriptionHtml?: string;
  relaunch?: boolean;
}
export interface Effect {
  extraConversionProbability: number;
  windowDays: number;
}

const num = (v: number | string): number => (typeof v === "number" ? v : Number(/(\d+)$/.exec(v)?.[1] ?? NaN));

export class Activity {
  private sinks: EventSink[] = [];
  constructor(
    private store: Store,
    private clock: Clock,
    private seed: number,
    public effect: Effect | null = null,
  ) {}

  onEvent(sink: EventSink): void {
    this.sinks.push(sink);
  }
  emit(event: StoreEvent): void {
    for (const sink of this.sinks) sink(event);
  }

  placeOrder(input: OrderInput = {}): SimOrder {
    const at = this.clock.now();
    const cid = input.customerId == null ? null : num(input.customerId);
    const customer = cid === null ? null : this.store.customer(cid);
    if (cid !== null && !customer) throw new Error(`no customer ${cid}`);
    const index = customer ? customer.index : this.guestSlot();
    const order = this.store.addOrder(index, (seq) =>
      buildOrder(index, seq, customer?.id ?? null, at, this.basket(input, index, at), customer ? "manual" : "guest"),
    );
    this.emit({ topic: "orders/create", at, orderId: order.id });
    this.emit({ topic: "orders/paid", at, orderId: order.id });
    if (customer) this.emit({ topic: "customers/purchasing_summary", at, customerId: customer.id });
    return order;
  }

  private guestSlot(): number {
    return Math.floor(new Rng(this.seed, "guest", this.clock.now()).next() * this.store.customerTotal);
  }

  private basket(input: OrderInput, index: number, at: number): BasketLine[] {
    if (input.lines && input.lines.length > 0) {
      return input.lines.map((l) => {
        if (l.variantId != null) {
          const hit = this.store.variant(num(l.variantId));
          if (!hit) throw new Error(`no variant ${l.variantId}`);
          return { product: hit.product, variant: hit.variant, quantity: l.quantity ?? 1 };
        }
        const product = this.store.product(num(l.productId ?? -1));
        if (!product) throw new Error(`no product ${l.productId}`);
        return {
          product,
          variant: product.variants[Math.floor(product.variants.length / 2)],
          quantity: l.quantity ?? 1,
        };
      });
    }
    const rng = new Rng(this.seed, "manual-basket", index, at);
    const product: SimProduct = rng.pick(this.store.catalog);
    return [{ product, variant: rng.pick(product.variants), quantity: 1 }];
  }

  private editableOrder(orderId: number | string): SimOrder {
    const order = this.store.order(num(orderId));
    if (!order || order.processedAt > this.clock.now()) throw new Error(`no order ${orderId}`);
    return structuredClone(order);
  }

  refund(input: RefundInput): SimRefund {
    const at = this.clock.now();
    const order = this.editableOrder(input.orderId);
    const lines = (input.lines ?? []).map((l) => ({ lineItemId: num(l.lineItemId), quantity: l.quantity }));
    const amount =
      input.amount !== undefined
        ? decimalToCents(input.amount)
        : lines.length > 0
          ? refundLinesAmount(order, lines)
          : orderTotal(order);
    const refund = addRefund(order, at, amount, lines, input.note ?? null);
    this.store.saveOrder(order);
    this.emit({ topic: "refunds/create", at, orderId: order.id, refundId: refund.id });
    this.emit({ topic: "orders/updated", at, orderId: order.id });
    return refund;
  }

  /**
   * Commits an order edit that removes whole lines, as orderEditSetQuantity(quantity: 0) then
   * orderEditCommit do: the lines stay with their quantity, their currentQuantity drops to 0 and
   * the order total with them. Shopify sends orders/edited (the edit) and orders/updated (the order).
   */
  editOrder(input: OrderEditInput): SimOrderEdit {
    const at = this.clock.now();
    const order = this.editableOrder(input.orderId);
    if (order.cancelledAt !== null) throw new Error(`order ${input.orderId} is cancelled`);
    const edits = (order.edits ??= []);
    const edit: SimOrderEdit = { id: childId(order.id, edits.length + 1, 10), committedAt: at, removals: [] };
    for (const raw of input.removeLineItemIds) {
      const line = order.lineItems.find((l) => l.id === num(raw));
      if (!line) throw new Error(`no line item ${raw} on order ${input.orderId}`);
      const left = currentQuantityAt(order, line, at);
      if (left === 0) throw new Error(`line item ${raw} has no units left to remove`);
      line.removedQuantity = (line.removedQuantity ?? 0) + left;
      edit.removals.push({ lineItemId: line.id, delta: left });
    }
    if (edit.removals.length === 0) throw new Error("an order edit needs at least one line to remove");
    edits.push(edit);
    order.editedAt = at;
    this.store.saveOrder(order);
    this.emit({ topic: "orders/edited", at, orderId: order.id, editId: edit.id });
    this.emit({ topic: "orders/updated", at, orderId: order.id });
    return edit;
  }

  cancelOrder(orderId: number | string, reason = "CUSTOMER"): SimOrder {
    const at = this.clock.now();
    const order = this.editableOrder(orderId);
    order.cancelledAt = at;
    order.cancelReason = reason;
    addRefund(
      order,
      at,
      orderTotal(order),
      order.lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity })),
      "Cancelled",
    );
    this.store.saveOrder(order);
    this.emit({ topic: "orders/cancelled", at, orderId: order.id });
    this.emit({ topic: "orders/updated", at, orderId: order.id });
    return order;
  }

  createReturn(input: ReturnInput): SimReturn {
    const at = this.clock.now();
    const order = this.editableOrder(input.orderId);
    const lines = input.lines?.length
      ? input.lines.map((l) => ({
          lineItemId: num(l.lineItemId),
          quantity: l.quantity ?? 1,
          reasonHandle: l.reasonHandle,
          customerNote: l.customerNote ?? null,
        }))
      : [{ lineItemId: order.lineItems[0].id, quantity: 1, reasonHandle: "other", customerNote: null }];
    const ret = addReturn(order, at, lines);
    this.store.saveOrder(order);
    this.emit({ topic: "returns/request", at, orderId: order.id, returnId: ret.id });
    return ret;
  }

  private editReturn(
    returnId: number | string,
    change: (order: SimOrder, ret: SimReturn, at: number) => void,
  ): SimReturn {
    const id = num(returnId);
    const order = this.editableOrder(parentOf(id, 10));
    const ret = order.returns.find((r) => r.id === id);
    if (!ret) throw new Error(`no return ${returnId}`);
    change(order, ret, this.clock.now());
    this.store.saveOrder(order);
    return ret;
  }

  approveReturn(returnId: number | string): SimReturn {
    const ret = this.editReturn(returnId, (_o, r, at) => {
      r.approvedAt = at;
      r.closedAt = null;
    });
    this.emit({ topic: "returns/approve", at: this.clock.now(), orderId: parentOf(ret.id, 10), returnId: ret.id });
    return ret;
  }

  declineReturn(returnId: number | string): SimReturn {
    const ret = this.editReturn(returnId, (_o, r, at) => {
      r.declinedAt = at;
    });
    this.emit({ topic: "returns/decline", at: this.clock.now(), orderId: parentOf(ret.id, 10), returnId: ret.id });
    return ret;
  }

  /** Closes the return and (by default) refunds its lines, as processing a return does. */
  closeReturn(returnId: number | string, options: { refund?: boolean } = {}): SimReturn {
    let refundId: number | null = null;
    const ret = this.editReturn(returnId, (o, r, at) => {
      r.approvedAt ??= at;
      r.closedAt = at;
      if (options.refund !== false) {
        const lines = r.lines.map((l) => ({ lineItemId: l.lineItemId, quantity: l.quantity }));
        refundId = addRefund(o, at, refundLinesAmount(o, lines), lines, "Return refund").id;
      }
    });
    const at = this.clock.now();
    const orderId = parentOf(ret.id, 10);
    if (refundId !== null) this.emit({ topic: "refunds/create", at, orderId, refundId });
    this.emit({ topic: "returns/close", at, orderId, returnId: ret.id });
    this.emit({ topic: "orders/updated", at, orderId });
    return ret;
  }

  updateCustomer(id: number | string, update: CustomerUpdate): SimCustomer {
    const current = this.store.customer(num(id));
    if (!current) throw new Error(`no customer ${id}`);
    const at = this.clock.now();
    const next: SimCustomer = {
      ...structuredClone(current),
      ...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)),
      editedAt: at,
    };
    if (update.emailState && update.emailState !== current.emailState) {
      next.emailConsentAt = at;
      next.emailOptIn = update.emailState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : "UNKNOWN";
    }
    this.store.saveCustomer(next);
    // Since API 2025-01 each kind of change has its own topic; the profile topic fires for all.
    this.emit({ topic: "customers/update", at, customerId: next.id });
    if (update.emailState && update.emailState !== current.emailState)
      this.emit({ topic: "customers_email_marketing_consent/update", at, customerId: next.id });
    if (update.smsState && update.smsState !== current.smsState)
      this.emit({ topic: "customers_marketing_consent/update", at, customerId: next.id });
    if (update.tags) {
      const added = update.tags.filter((t) => !current.tags.includes(t));
      const removed = current.tags.filter((t) => !update.tags!.includes(t));
      if (added.length > 0) this.emit({ topic: "customer.tags_added", at, customerId: next.id, tags: added });
      if (removed.length > 0) this.emit({ topic: "customer.tags_removed", at, customerId: next.id, tags: removed });
    }
    return next;
  }

  deleteCustomer(id: number | string): void {
    const current = this.store.customer(num(id));
    if (!current) throw new Error(`no customer ${id}`);
    this.store.deleteCustomer(current.id);
    this.emit({ topic: "customers/delete", at: this.clock.now(), customerId: current.id });
  }

  createCustomer(input: { firstName: string; lastName: string; email: string; emailState?: EmailState }): SimCustomer {
    const at = this.clock.now();
    const customer = this.store.addCustomer((index) => ({
      index,
      id: customerIdOf(index),
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: null,
      emailState: input.emailState ?? "NOT_SUBSCRIBED",
      emailOptIn: input.emailState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : "UNKNOWN",
      emailConsentAt: input.emailState ? at : null,
      smsState: null,
      locale: "en",
      timezone: "America/New_York",
      country: "US",
      city: "New York",
      tags: [],
      note: null,
      createdAt: at,
      editedAt: at,
      planted: null,
    }));
    this.emit({ topic: "customers/create", at, customerId: customer.id });
    return customer;
  }

  updateProduct(id: number | string, update: ProductUpdate): SimProduct {
    const product = this.store.product(num(id));
    if (!product) throw new Error(`no product ${id}`);
    const at = this.clock.now();
    if (update.title) product.title = update.title;
    if (update.descriptionHtml) product.descriptionHtml = update.descriptionHtml;
    if (update.relaunch) product.relaunchedAt = at;
    product.editedAt = at;
    this.emit({ topic: "products/update", at, productId: product.id });
    return product;
  }

  /** Moves the clock and emits, in time order, every event that falls in between. */
  advanceClock(to: number | { days?: number; hours?: number; ms?: number }): StoreEvent[] {
    const from = this.clock.now();
    const target =
      typeof to === "number" ? to : from + (to.days ?? 0) * DAY + (to.hours ?? 0) * 3_600_000 + (to.ms ?? 0);
    const events = scanEvents(this.store, from, target);
    this.clock.set(target);
    for (const e of events) this.emit(e);
    return events;
  }

  /** The ground-truth message effect: maybe schedule an extra order caused by this trigger. */
  messageSent(customerId: number, triggerSeq: number): SimOrder | null {
    if (!this.effect) return null;
    const customer = this.store.customer(customerId);
    if (!customer) return null;
    const rng = new Rng(this.seed, "effect", customerId, triggerSeq);
    if (!rng.chance(this.effect.extraConversionProbability)) return null;
    const at = this.clock.now() + rng.next() * this.effect.windowDays * DAY;
    const index = customerIndexOf(customerId);
    return this.store.addOrder(index, (seq) => {
      const o = buildOrder(index, seq, customerId, at, this.basket({}, index, at), "message");
      o.causedBy = triggerSeq;
      return o;
    });
  }
}
