// Rows as they are written to the store tables (prisma/schema/store.prisma). Child rows carry
// the version of the parent snapshot they came with: they are written only when that parent
// snapshot is the one stored (an older event never overwrites newer children).

export interface CustomerRow {
  shop: string;
  id: bigint;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  emailMarketing: string;
  emailConsentAt: Date | null;
  smsMarketing: string;
  tags: string[];
  locale: string | null;
  timezone: string | null;
  numberOfOrders: number;
  amountSpent: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductRow {
  shop: string;
  id: bigint;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  status: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface VariantRow {
  shop: string;
  id: bigint;
  productId: bigint;
  title: string;
  sku: string | null;
  price: string;
  size: string | null;
  options: Record<string, string>;
  parentVersion: Date | null;
}

export interface OrderRow {
  shop: string;
  id: bigint;
  name: string;
  customerId: bigint | null;
  processedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  test: boolean;
  currencyCode: string;
  financialStatus: string | null;
  returnStatus: string | null;
  subtotalPrice: string;
  totalPrice: string;
  totalRefunded: string;
}

export interface LineItemRow {
  shop: string;
  id: bigint;
  orderId: bigint;
  customerId: bigint | null;
  processedAt: Date;
  productId: bigint | null;
  variantId: bigint | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  currentQuantity: number;
  unitPrice: string;
  discountedTotal: string;
  parentVersion: Date | null;
}

export interface RefundRow {
  shop: string;
  id: bigint;
  orderId: bigint;
  createdAt: Date;
  amount: string;
  note: string | null;
  parentVersion: Date | null;
}

export interface ReturnRow {
  shop: string;
  id: bigint;
  orderId: bigint;
  customerId: bigint | null;
  name: string;
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  syncedAt: Date;
}

export interface ReturnLineItemRow {
  shop: string;
  id: bigint;
  returnId: bigint;
  orderId: bigint;
  customerId: bigint | null;
  lineItemId: bigint | null;
  productId: bigint | null;
  variantId: bigint | null;
  quantity: number;
  reasonHandle: string | null;
  reasonName: string | null;
  reasonNote: string | null;
  customerNote: string | null;
  createdAt: Date;
  parentVersion: Date | null;
}

export interface RowBatch {
  customers: CustomerRow[];
  products: ProductRow[];
  variants: VariantRow[];
  orders: OrderRow[];
  lineItems: LineItemRow[];
  refunds: RefundRow[];
  returns: ReturnRow[];
  returnLineItems: ReturnLineItemRow[];
}

export function emptyBatch(): RowBatch {
  return {
    customers: [],
    products: [],
    variants: [],
    orders: [],
    lineItems: [],
    refunds: [],
    returns: [],
    returnLineItems: [],
  };
}

export function batchSize(batch: RowBatch): number {
  return Object.values(batch).reduce((n: number, rows: unknown[]) => n + rows.length, 0);
}
