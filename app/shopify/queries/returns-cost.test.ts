// The follow-up reads for returns and edited orders stay under Shopify's 1,000-point
// single-query limit (the simulator's cost model: connections 2 + first × node).
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { requestedQueryCost } from "~sim/graphql/cost";
import { adminSchema } from "~sim/graphql/schema";
import { ORDER_BY_ID, ORDER_REFUNDED_LINES } from "./pages";
import { ORDER_RETURNS_BY_IDS, ORDER_RETURNS_PAGE, RETURN_LINE_ITEMS_PAGE } from "./returns";

describe("return and edit follow-up queries", () => {
  const schema = adminSchema("2026-07");
  it.each([
    ["ORDER_RETURNS_BY_IDS", ORDER_RETURNS_BY_IDS],
    ["ORDER_RETURNS_PAGE", ORDER_RETURNS_PAGE],
    ["RETURN_LINE_ITEMS_PAGE", RETURN_LINE_ITEMS_PAGE],
    ["ORDER_REFUNDED_LINES", ORDER_REFUNDED_LINES],
    ["ORDER_BY_ID", ORDER_BY_ID],
  ])("%s costs under 1,000 points", (_name, doc) => {
    const cost = requestedQueryCost(schema, parse(doc), null, { ids: [], id: "gid://shopify/Order/1", after: null });
    expect(cost).toBeGreaterThan(1);
    expect(cost).toBeLessThan(1000);
  });
});
