// Order as a class (see line-item-view.ts for why).
import { gid } from "../util/ids";
import { moneyBag } from "../util/money";
import type { SimCustomer, SimOrder, SimReturn } from "../store/model";
import {
  cancelledAt,
  orderTotal,
  orderUpdatedAt,
  refundedAt,
  refundsAt,
  returnStatus,
  returnsAt,
} from "../store/visible";
import { connectionFromSorted, type PageArgs } from "./connection";
import type { GqlContext } from "./context";
import { lineView } from "./line-item-view";
import { customerView, refundView, returnView } from "./views";

const iso = (t: number | null): string | null =>
  t === null ? null : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
const byId = <T extends { id: number }>(t: T): [number, number] => [t.id, t.id];

export class OrderView {
  readonly __typename = "Order";
  readonly confirmed = true;
  readonly currencyCode = "USD";
  readonly presentmentCurrencyCode = "USD";
  readonly displayFulfillmentStatus = "FULFILLED";
  readonly fullyPaid = true;
  readonly note = null;
  readonly paymentGatewayNames = ["shopify_payments"];
  readonly sourceName = "web";
  private memoTotal: number | null = null;
  constructor(
    private ctx: GqlContext,
    private o: SimOrder,
    private cust: SimCustomer | null,
    private siblings: SimOrder[],
  ) {}

  private get total(): number {
    return (this.memoTotal ??= orderTotal(this.o));
  }
  private get refunded(): number {
    return refundedAt(this.o, this.ctx.at);
  }
  private get discounts(): number {
    return this.o.lineItems.reduce((s, l) => s + l.discountCents, 0);
  }
  private get cancelled(): number | null {
    return cancelledAt(this.o, this.ctx.at);
  }
  get id(): string {
    return gid("Order", this.o.id);
  }
  get legacyResourceId(): string {
    return String(this.o.id);
  }
  get name(): string {
    return `#${this.o.number}`;
  }
  get number(): number {
    return this.o.number;
  }
  get createdAt(): string | null {
    return iso(this.o.processedAt);
  }
  get processedAt(): string | null {
    return iso(this.o.processedAt);
  }
  get updatedAt(): string | null {
    return iso(orderUpdatedAt(this.o, this.ctx.at));
  }
  get cancelledAt(): string | null {
    return iso(this.cancelled);
  }
  get cancelReason(): string | null {
    return this.cancelled !== null ? this.o.cancelReason : null;
  }
  get closed(): boolean {
    return this.cancelled !== null;
  }
  get closedAt(): string | null {
    return iso(this.cancelled);
  }
  get test(): boolean {
    return this.o.test;
  }
  get edited(): boolean {
    return (this.o.edits ?? []).some((e) => e.committedAt <= this.ctx.at);
  }
  get email(): string | null {
    return this.cust?.email ?? null;
  }
  get phone(): string | null {
    return this.cust?.phone ?? null;
  }
  get customerLocale(): string {
    return this.cust?.locale ?? "en";
  }
  get displayFinancialStatus(): string {
    const refunded = this.refunded;
    return refunded === 0 ? "PAID" : refunded >= this.total ? "REFUNDED" : "PARTIALLY_REFUNDED";
  }
  get returnStatus(): string {
    return returnStatusOf(returnsAt(this.o, this.ctx.at), this.ctx.at);
  }
  get tags(): string[] {
    return this.o.tags;
  }
  get discountCode(): string | null {
    return this.discounts > 0 ? "WELCOME10" : null;
  }
  get discountCodes(): string[] {
    return this.discounts > 0 ? ["WELCOME10"] : [];
  }
  get customerAcceptsMarketing(): boolean {
    return this.cust?.emailState === "SUBSCRIBED";
  }
  get subtotalLineItemsQuantity(): number {
    return this.o.lineItems.reduce((s, l) => s + l.quantity, 0);
  }
  get totalPriceSet(): unknown {
    return moneyBag(this.total);
  }
  get subtotalPriceSet(): unknown {
    return moneyBag(this.total);
  }
  get originalTotalPriceSet(): unknown {
    return moneyBag(this.total + this.discounts);
  }
  get currentTotalPriceSet(): unknown {
    return moneyBag(this.total - this.refunded);
  }
  get currentSubtotalPriceSet(): unknown {
    return moneyBag(this.total - this.refunded);
  }
  get totalRefundedSet(): unknown {
    return moneyBag(this.refunded);
  }
  get totalDiscountsSet(): unknown {
    return moneyBag(this.discounts);
  }
  get currentTotalDiscountsSet(): unknown {
    return moneyBag(this.discounts);
  }
  get totalTaxSet(): unknown {
    return moneyBag(0);
  }
  get currentTotalTaxSet(): unknown {
    return moneyBag(0);
  }
  get totalShippingPriceSet(): unknown {
    return moneyBag(0);
  }
  get netPaymentSet(): unknown {
    return moneyBag(this.total - this.refunded);
  }
  get totalReceivedSet(): unknown {
    return moneyBag(this.total);
  }
  customer(): unknown {
    return this.cust ? customerView(this.ctx, this.cust, this.siblings) : null;
  }
  lineItems(args: PageArgs): unknown {
    return connectionFromSorted(this.o.lineItems, byId, args, (l) => lineView(this.ctx, this.o, l));
  }
  refunds(args: { first?: number | null }): unknown {
    return refundsAt(this.o, this.ctx.at)
      .slice(0, args.first ?? undefined)
      .map((r) => refundView(this.ctx, this.o, r));
  }
  returns(args: PageArgs): unknown {
    const lines = new Map(this.o.lineItems.map((l) => [l.id, l]));
    return connectionFromSorted(returnsAt(this.o, this.ctx.at), byId, args, (r) =>
      returnView(this.ctx, this.o, r, lines),
    );
  }
}

function returnStatusOf(returns: SimReturn[], at: number): string {
  if (returns.length === 0) return "NO_RETURN";
  const statuses = returns.map((r) => returnStatus(r, at));
  if (statuses.includes("REQUESTED")) return "RETURN_REQUESTED";
  if (statuses.includes("OPEN")) return "IN_PROGRESS";
  if (statuses.includes("CLOSED")) return "RETURNED";
  return "NO_RETURN";
}

export const orderView = (
  ctx: GqlContext,
  o: SimOrder,
  customer: SimCustomer | null,
  siblings: SimOrder[],
): OrderView => new OrderView(ctx, o, customer, siblings);
