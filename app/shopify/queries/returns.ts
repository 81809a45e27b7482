// Return details (line items and reasons). Bulk cannot reach them (orders > returns >
// returnLineItems is three connection levels), so they are read per order in batches after the
// orders pass and when a returns/* webhook arrives. Page sizes keep the requested cost of one
// request (ORDERS_PER_RETURNS_REQUEST orders) under Shopify's 1,000-point limit; product and
// variant come from our own LineItem rows.

export const ORDER_RETURNS_BY_IDS = `query OrderReturnsByIds($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Order {
      id
      customer { id }
      returns(first: 3) {
        nodes {
          id name status createdAt closedAt
          returnLineItems(first: 5) {
            nodes {
              id quantity returnReasonNote customerNote
              returnReasonDefinition { handle name }
              ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } }
            }
          }
        }
      }
    }
  }
}`;
