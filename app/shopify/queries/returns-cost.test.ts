// The follow-up reads for returns and edited orders stay under Shopify's 1,000-point
// single-query limit (the simulator's cost model: connections 2 + first × node).
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { requestedQueryCost } from "~sim/graphql/cost";
import { adminSchema } from "~sim/graphql/schema";
import { ORDER_BY_ID, ORDER_REFUNDED_LINES } from "./pages";
import {
  ORDER_RETURNS_BY_IDS,
  ORDER_RETURNS_PAGE,
  RETURN_DETAILS_BY_IDS,
  RETURN_LINE_ITEMS_PAGE,
  RETURNS_PER_DETAILS_REQUEST,
} from "./returns";
import { ORDERS_PER_RETURNS_REQUEST } from "~/ingest/returns.server";

describe("return and edit follow-up queries", () => {
  const schema = adminSchema("2026-07");
  it.each([
    ["ORDER_RETURNS_BY_IDS", ORDER_RETURNS_BY_IDS],
    ["ORDER_RETURNS_PAGE", ORDER_RETURNS_PAGE],
    ["RETURN_LINE_ITEMS_PAGE", RETURN_LINE_ITEMS_PAGE],
    ["ORDER_REFUNDED_LINES", ORDER_REFUNDED_LINES],
    ["ORDER_BY_ID", ORDER_BY_ID],
  ])("%s costs under 1,000 points", (_name, doc) => {
    const ids = Array.from({ length: ORDERS_PER_RETURNS_REQUEST }, (_, i) => `gid://shopify/Order/${i + 1}`);
    const cost = requestedQueryCost(schema, parse(doc), null, { ids, id: "gid://shopify/Order/1", after: null });
    expect(cost).toBeGreaterThan(1);
    expect(cost).toBeLessThan(1000);
  });
});

describe("the backfill's return-details read", () => {
  const schema = adminSchema("2026-07");
  const cost = (n: number) =>
    requestedQueryCost(schema, parse(RETURN_DETAILS_BY_IDS), null, {
      ids: Array.from({ length: n }, (_, i) => `gid://shopify/Return/${i + 1}`),
    });

  it("is priced per id (nodes(ids:) is a list) and a full batch stays under 1,000 points", () => {
    expect(cost(2)).toBe(2 * cost(1));
    expect(cost(RETURNS_PER_DETAILS_REQUEST)).toBeLessThan(1000);
    expect(cost(RETURNS_PER_DETAILS_REQUEST + 7)).toBeGreaterThan(1000);
  });
});
