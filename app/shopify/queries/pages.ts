// Paged (non-bulk) reads for reconciliation: what changed since a cursor, oldest first.
// Page sizes keep the requested cost under Shopify's 1,000-point single-query limit.

// The order fields every paged or by-id order read takes (reconcile.server.ts, edited-orders.server.ts).
const ORDER_FIELDS = `id name createdAt processedAt updatedAt cancelledAt test displayFinancialStatus returnStatus edited
      customer { id }
      subtotalPriceSet { shopMoney { amount currencyCode } }
      totalPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
      refunds(first: 5) { id createdAt note totalRefundedSet { shopMoney { amount currencyCode } } }
      lineItems(first: 10) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id title variantTitle sku quantity currentQuantity
          product { id } variant { id }
          originalUnitPriceSet { shopMoney { amount currencyCode } }
          discountedTotalSet { shopMoney { amount currencyCode } }
        }
      }
      returns(first: 5) { nodes { id name status createdAt closedAt } }`;

export const ORDERS_PAGE = `query OrdersPage($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ${ORDER_FIELDS}
    }
  }
}`;

/** One order, as ORDERS_PAGE reads it: an edited order the bulk backfill could not settle. */
export const ORDER_BY_ID = `query OrderById($id: ID!) {
  order(id: $id) {
    ${ORDER_FIELDS}
  }
}`;

export const ORDER_LINE_ITEMS_PAGE = `query OrderLineItemsPage($id: ID!, $after: String) {
  order(id: $id) {
    id
    lineItems(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id title variantTitle sku quantity currentQuantity
        product { id } variant { id }
        originalUnitPriceSet { shopMoney { amount currencyCode } }
        discountedTotalSet { shopMoney { amount currencyCode } }
      }
    }
  }
}`;

/**
 * The units refunds took back from an edited order's lines: with currentQuantity they tell the
 * units an order edit removed (app/ingest/rules/order-edits.ts). Read only for edited orders.
 */
export const ORDER_REFUNDED_LINES = `query OrderRefundedLines($id: ID!) {
  order(id: $id) {
    id
    refunds {
      refundLineItems(first: 250) {
        nodes { quantity lineItem { id } }
      }
    }
  }
}`;

// The customer fields every read takes (GqlCustomer), paged or by id.
const CUSTOMER_FIELDS = `id firstName lastName locale tags createdAt updatedAt numberOfOrders
      amountSpent { amount currencyCode }
      defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }
      defaultPhoneNumber { phoneNumber marketingState }`;

export const CUSTOMERS_PAGE = `query CustomersPage($first: Int!, $after: String, $query: String) {
  customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ${CUSTOMER_FIELDS}
    }
  }
}`;

/** One customer: what a customers/create webhook no longer carries (consent, tags, purchase summary). */
export const CUSTOMER_BY_ID = `query CustomerById($id: ID!) {
  customer(id: $id) {
    ${CUSTOMER_FIELDS}
  }
}`;

export const PRODUCTS_PAGE = `query ProductsPage($first: Int!, $after: String, $query: String) {
  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id title handle productType vendor tags status createdAt updatedAt
      variants(first: 50) { nodes { id title sku price selectedOptions { name value } } }
    }
  }
}`;

export const SHOP_INFO = `query ShopInfo { shop { name currencyCode ianaTimezone } }`;
