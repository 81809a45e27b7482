// Return details (line items and reasons). Bulk cannot reach them (orders > returns >
// returnLineItems is three levels), so they are read by id in batches after the orders pass
// and when a returns/* webhook arrives.

const RETURN_FIELDS = `id name status createdAt closedAt
  order { id customer { id } }
  returnLineItems(first: 50) {
    nodes {
      id quantity returnReasonNote customerNote
      returnReasonDefinition { handle name }
      ... on ReturnLineItem { fulfillmentLineItem { lineItem { id product { id } variant { id } } } }
    }
  }`;

export const RETURNS_BY_IDS = `query ReturnsByIds($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Return { ${RETURN_FIELDS} }
  }
}`;
