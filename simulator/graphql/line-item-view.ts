// LineItem as a class: prototype getters cost nothing per object, which matters when a bulk
// export reads a million line items.
import { gid } from "../util/ids";
import { moneyBag } from "../util/money";
import type { SimLineItem, SimOrder } from "../store/model";
import { currentQuantityAt, lineTotal } from "../store/visible";
import type { GqlContext } from "./context";
import { cachedProductView, variantView } from "./views";

export class LineItemView {
  readonly __typename = "LineItem";
  readonly unfulfilledQuantity = 0;
  readonly nonFulfillableQuantity = 0;
  readonly requiresShipping = true;
  readonly taxable = true;
  readonly isGiftCard = false;
  constructor(
    private ctx: GqlContext,
    private o: SimOrder,
    private l: SimLineItem,
  ) {}

  get id(): string {
    return gid("LineItem", this.l.id);
  }
  get title(): string {
    return this.l.title;
  }
  get name(): string {
    return this.l.variantTitle ? `${this.l.title} - ${this.l.variantTitle}` : this.l.title;
  }
  get variantTitle(): string | null {
    return this.l.variantTitle;
  }
  get sku(): string {
    return this.l.sku;
  }
  get vendor(): string | null {
    return this.ctx.store.product(this.l.productId)?.vendor ?? null;
  }
  get quantity(): number {
    return this.l.quantity;
  }
  get currentQuantity(): number {
    return currentQuantityAt(this.o, this.l, this.ctx.at);
  }
  get refundableQuantity(): number {
    return currentQuantityAt(this.o, this.l, this.ctx.at);
  }
  product(): unknown {
    const p = this.ctx.store.product(this.l.productId);
    return p ? cachedProductView(this.ctx, p) : null;
  }
  variant(): unknown {
    const hit = this.ctx.store.variant(this.l.variantId);
    return hit ? variantView(this.ctx, hit.product, hit.variant) : null;
  }
  get originalUnitPriceSet(): unknown {
    return moneyBag(this.l.unitCents);
  }
  get originalTotalSet(): unknown {
    return moneyBag(this.l.unitCents * this.l.quantity);
  }
  get discountedUnitPriceSet(): unknown {
    return moneyBag(Math.round(lineTotal(this.l) / this.l.quantity));
  }
  get discountedUnitPriceAfterAllDiscountsSet(): unknown {
    return moneyBag(Math.round(lineTotal(this.l) / this.l.quantity));
  }
  get discountedTotalSet(): unknown {
    return moneyBag(lineTotal(this.l));
  }
  get totalDiscountSet(): unknown {
    return moneyBag(this.l.discountCents);
  }
  get discountAllocations(): unknown {
    return this.l.discountCents > 0 ? [{ allocatedAmountSet: moneyBag(this.l.discountCents) }] : [];
  }
}

export const lineView = (ctx: GqlContext, o: SimOrder, l: SimLineItem): LineItemView => new LineItemView(ctx, o, l);
