// Bulk operation documents. Exports ending in _BULK are the inner queries handed to
// bulkOperationRunQuery: edges/node only, every parent of a nested connection selects id,
// at most 5 connections and 2 levels (checked in queries.test.ts).
// Order.refunds is a plain list: it may be nested as long as it holds no connection, so refund
// totals come with their order (docs/decisions/0041-bulk-refunds-and-returns.md).
// Refund line items are a connection inside that list, so bulk cannot read them: an edited order
// with refunds is read again after the pass (docs/decisions/0139-order-edits-remove-lines.md).

export const PRODUCTS_BULK = `query ProductsBulk {
  products {
    edges { node {
      id title handle productType vendor tags status createdAt updatedAt
      variants { edges { node { id title sku price selectedOptions { name value } } } }
    } }
  }
}`;

export const CUSTOMERS_BULK = `query CustomersBulk {
  customers {
    edges { node {
      id firstName lastName locale tags createdAt updatedAt numberOfOrders
      amountSpent { amount currencyCode }
      defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }
      defaultPhoneNumber { phoneNumber marketingState }
    } }
  }
}`;

/**
 * The orders export, or the part of it with ids in a range (`id:>=…`, `id:<=…`: the forms Shopify's
 * orders search documents). The filter is written into the document: bulk queries take no variables.
 */
export function ordersBulk(filter: string | null): string {
  const args = filter === null ? "" : `(query: ${JSON.stringify(filter)})`;
  return ORDERS_BULK.replace("  orders {", `  orders${args} {`);
}

export const ORDERS_BULK = `query OrdersBulk {
  orders {
    edges { node {
      id name createdAt processedAt updatedAt cancelledAt test displayFinancialStatus returnStatus edited
      customer { id }
      subtotalPriceSet { shopMoney { amount currencyCode } }
      totalPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
      refunds { id createdAt note totalRefundedSet { shopMoney { amount currencyCode } } }
      lineItems { edges { node {
        id title variantTitle sku quantity currentQuantity
        product { id } variant { id }
        originalUnitPriceSet { shopMoney { amount currencyCode } }
        discountedTotalSet { shopMoney { amount currencyCode } }
      } } }
      returns { edges { node { id name status createdAt closedAt } } }
    } }
  }
}`;

/** The lowest and highest order id: the range an orders export is split by (decision 0219). */
export const ORDER_ID_RANGE = `query OrderIdRange {
  oldest: orders(first: 1, sortKey: ID) { nodes { id } }
  newest: orders(first: 1, sortKey: ID, reverse: true) { nodes { id } }
}`;

export const BULK_RUN_QUERY = `mutation BulkRunQuery($query: String!, $groupObjects: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
    bulkOperation { id status createdAt }
    userErrors { field message code }
  }
}`;

export const BULK_OPERATION = `query BulkOperationStatus($id: ID!) {
  bulkOperation(id: $id) {
    id status errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl
  }
}`;
