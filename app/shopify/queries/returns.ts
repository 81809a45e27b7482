// Return details (line items and reasons). Bulk cannot reach them (orders > returns >
// returnLineItems is three connection levels), so they are read per order in batches after the
// orders pass and when a returns/* webhook arrives. Page sizes keep the requested cost of one
// request (ORDERS_PER_RETURNS_REQUEST orders) under Shopify's 1,000-point limit; product and
// variant come from our own LineItem rows. The first request takes the common case (a few returns
// of a few lines); an order with more returns, or a return with more lines, is followed with
// `after:` cursors through ORDER_RETURNS_PAGE and RETURN_LINE_ITEMS_PAGE (docs/decisions/0138).

const RETURN_LINE_FIELDS = `id quantity returnReasonNote customerNote
              returnReasonDefinition { handle name }
              ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } }`;

const RETURN_FIELDS = `id name status createdAt closedAt
          returnLineItems(first: 5) {
            pageInfo { hasNextPage endCursor }
            nodes {
              ${RETURN_LINE_FIELDS}
            }
          }`;

export const ORDER_RETURNS_BY_IDS = `query OrderReturnsByIds($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Order {
      id
      customer { id }
      returns(first: 3) {
        pageInfo { hasNextPage endCursor }
        nodes {
          ${RETURN_FIELDS}
        }
      }
    }
  }
}`;

/** The order's returns after a cursor: an order with more returns than the first request took. */
export const ORDER_RETURNS_PAGE = `query OrderReturnsPage($id: ID!, $after: String) {
  order(id: $id) {
    id
    returns(first: 25, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        ${RETURN_FIELDS}
      }
    }
  }
}`;

/** A return's lines after a cursor: a return with more lines than its first page. */
export const RETURN_LINE_ITEMS_PAGE = `query ReturnLineItemsPage($id: ID!, $after: String) {
  return(id: $id) {
    id
    returnLineItems(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        ${RETURN_LINE_FIELDS}
      }
    }
  }
}`;

/**
 * Returns read by their own ids (known from the orders bulk file) for the backfill: no order or
 * customer objects (those are ours already), and the return's scalars are free. Requested cost per
 * id: 1 + 2 + 3 × 4 = 15, so RETURNS_PER_DETAILS_REQUEST ids stay under the 1,000-point limit;
 * what is charged is what comes back (about 7 points for a one-line return). Decision 0208.
 */
export const RETURN_DETAILS_BY_IDS = `query ReturnDetailsByIds($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Return {
      id name status createdAt closedAt
      returnLineItems(first: 3) {
        pageInfo { hasNextPage endCursor }
        nodes {
          ${RETURN_LINE_FIELDS}
        }
      }
    }
  }
}`;

export const RETURNS_PER_DETAILS_REQUEST = 60;
