// Small hand-built stores for integration tests: declare customers with their orders, line items,
// refunds and returns in a few lines, then write them with Prisma createMany.
import type { PrismaClient } from "~/generated/prisma/client";

export interface LineSpec {
  product: number;
  variant?: number;
  quantity?: number;
  price?: string;
}

export interface OrderSpec {
  at: Date;
  total: string;
  refunded?: string;
  cancelled?: boolean;
  test?: boolean;
  lines?: LineSpec[];
}

export interface ReturnSpec {
  order: number; // index into the customer's orders
  product: number;
  variant?: number;
  reason: string;
  at: Date;
  quantity?: number;
}

export interface CustomerSpec {
  id: number;
  email?: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED";
  sms?: "SUBSCRIBED" | "NOT_SUBSCRIBED";
  orders?: OrderSpec[];
  returns?: ReturnSpec[];
  redacted?: boolean;
}

export interface ProductSpec {
  id: number;
  productType: string;
  variants: { id: number; size: string | null }[];
}

export class StoreBuilder {
  private nextId = 1000;
  readonly customers: CustomerSpec[] = [];
  readonly products: ProductSpec[] = [];

  constructor(readonly shop: string) {}

  product(spec: ProductSpec): this {
    this.products.push(spec);
    return this;
  }

  customer(spec: CustomerSpec): this {
    this.customers.push(spec);
    return this;
  }

  async write(prisma: PrismaClient): Promise<void> {
    const shop = this.shop;
    const created = new Date("2020-01-01T00:00:00Z");
    await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
    await prisma.product.createMany({
      data: this.products.map((p) => ({
        shop,
        id: BigInt(p.id),
        title: `P${p.id}`,
        handle: `p-${p.id}`,
        productType: p.productType,
        createdAt: created,
        updatedAt: created,
      })),
    });
    await prisma.productVariant.createMany({
      data: this.products.flatMap((p) =>
        p.variants.map((v) => ({
          shop,
          id: BigInt(v.id),
          productId: BigInt(p.id),
          title: v.size ?? "Default Title",
          price: "10",
          size: v.size,
          options: v.size ? { Size: v.size } : {},
        })),
      ),
    });
    const variantOf = new Map(this.products.map((p) => [p.id, p.variants[0]?.id]));
    for (const c of this.customers) {
      const customerId = BigInt(c.id);
      await prisma.customer.create({
        data: {
          shop,
          id: customerId,
          email: `c${c.id}@example.com`,
          emailMarketing: c.email ?? "NOT_SUBSCRIBED",
          smsMarketing: c.sms ?? "NOT_SUBSCRIBED",
          createdAt: created,
          updatedAt: created,
          redactedAt: c.redacted ? created : null,
        },
      });
      const orderIds: bigint[] = [];
      for (const o of c.orders ?? []) {
        const id = BigInt(this.nextId++);
        orderIds.push(id);
        await prisma.order.create({
          data: {
            shop,
            id,
            name: `#${id}`,
            customerId,
            processedAt: o.at,
            createdAt: o.at,
            updatedAt: o.at,
            cancelledAt: o.cancelled ? o.at : null,
            test: o.test ?? false,
            currencyCode: "USD",
            subtotalPrice: o.total,
            totalPrice: o.total,
            totalRefunded: o.refunded ?? "0",
          },
        });
        if (o.refunded)
          await prisma.refund.create({
            data: { shop, id: BigInt(this.nextId++), orderId: id, createdAt: o.at, amount: o.refunded },
          });
        await prisma.lineItem.createMany({
          data: (o.lines ?? []).map((l) => ({
            shop,
            id: BigInt(this.nextId++),
            orderId: id,
            customerId,
            processedAt: o.at,
            productId: BigInt(l.product),
            variantId: BigInt(l.variant ?? variantOf.get(l.product) ?? 0),
            title: `P${l.product}`,
            quantity: l.quantity ?? 1,
            currentQuantity: l.quantity ?? 1,
            unitPrice: l.price ?? "10",
            discountedTotal: l.price ?? "10",
          })),
        });
      }
      for (const r of c.returns ?? []) {
        const returnId = BigInt(this.nextId++);
        await prisma.return.create({
          data: {
            shop,
            id: returnId,
            orderId: orderIds[r.order],
            customerId,
            name: `R${returnId}`,
            status: "CLOSED",
            createdAt: r.at,
          },
        });
        await prisma.returnLineItem.create({
          data: {
            shop,
            id: BigInt(this.nextId++),
            returnId,
            orderId: orderIds[r.order],
            customerId,
            productId: BigInt(r.product),
            variantId: BigInt(r.variant ?? variantOf.get(r.product) ?? 0),
            quantity: r.quantity ?? 1,
            reasonHandle: r.reason,
            reasonName: r.reason,
            createdAt: r.at,
          },
        });
      }
    }
  }
}
