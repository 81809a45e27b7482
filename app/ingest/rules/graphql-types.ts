// Admin GraphQL shapes the app reads (app/shopify/queries), with connections already
// flattened to arrays: bulk output is rebuilt that way, paged results are flattened to it.

export interface Money {
  amount: string;
  currencyCode: string;
}
export interface MoneyBag {
  shopMoney: Money;
}

export interface GqlCustomer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  numberOfOrders: string | number;
  amountSpent: Money;
  defaultEmailAddress: {
    emailAddress: string | null;
    marketingState: string;
    marketingUpdatedAt: string | null;
  } | null;
  defaultPhoneNumber: { phoneNumber: string | null; marketingState: string } | null;
}

export interface GqlVariant {
  id: string;
  title: string;
  sku: string | null;
  price: string;
  selectedOptions: { name: string; value: string }[];
}

export interface GqlProduct {
  id: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  status: string;
  createdAt: string;
  updatedAt: string;
  variants: GqlVariant[];
}

export interface GqlLineItem {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  currentQuantity: number;
  product: { id: string } | null;
  variant: { id: string } | null;
  originalUnitPriceSet: MoneyBag;
  discountedTotalSet: MoneyBag;
}

export interface GqlRefund {
  id: string;
  createdAt: string;
  note: string | null;
  totalRefundedSet: MoneyBag;
}

export interface GqlReturnSummary {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  closedAt: string | null;
}

export interface GqlOrder {
  id: string;
  name: string;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  displayFinancialStatus: string | null;
  returnStatus: string | null;
  /** Whether an order edit changed the order (every order read selects it; optional for older fixtures). */
  edited?: boolean;
  customer: { id: string } | null;
  subtotalPriceSet: MoneyBag;
  totalPriceSet: MoneyBag;
  totalRefundedSet: MoneyBag;
  refunds: GqlRefund[];
  lineItems: GqlLineItem[];
  returns: GqlReturnSummary[];
}

export interface GqlReturnLineItem {
  id: string;
  quantity: number;
  returnReasonNote: string | null;
  customerNote: string | null;
  returnReasonDefinition: { handle: string; name: string } | null;
  fulfillmentLineItem?: {
    lineItem: { id: string; product?: { id: string } | null; variant?: { id: string } | null } | null;
  } | null;
}

export interface GqlReturn extends GqlReturnSummary {
  __typename?: string;
  order: { id: string; customer: { id: string } | null };
  returnLineItems: { nodes: GqlReturnLineItem[] };
}
