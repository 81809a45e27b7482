// Malformed ids in URLs are "not found" (404), never a database error (500); a campaign of another
// shop, or none, has no CSV export. The routes run as in demo mode, against a test database.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabases } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { installShop } from "~tests/support/ingest";
import { insertCampaigns, insertCustomers } from "~tests/support/results-rows";

const SHOP = "a-routes.myshopify.com";
const OTHER = "b-routes.myshopify.com";
const BAD_IDS = ["99999999999999999999", "9999999999999999999", "abc%00def", "-1", "abc"];

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

async function status(loader: Loader, id: string, path = `/app/x/${id}`): Promise<number> {
  const request = new Request(`http://localhost${path}`);
  try {
    const result = await loader({ request, params: { id: decodeURIComponent(id) }, context: {} });
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    return 500;
  }
}

describe("ids in URLs", () => {
  let database: TestDatabase;
  const loaders: Record<string, Loader> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, {
      RAPPORT_MODE: "demo",
      DATABASE_URL: database.url,
      SHOPIFY_API_SECRET: "route-ids-secret",
      RAPPORT_DEMO_SHOP: SHOP,
    });
    // The demo merchant is the named shop; OTHER has data but no session.
    await installShop(database, SHOP, "token");
    await database.prisma.shop.create({ data: { domain: OTHER } });
    await insertCampaigns(database, SHOP, [{ id: "mine" }]);
    await insertCampaigns(database, OTHER, [{ id: "theirs" }]);
    await insertCustomers(database, SHOP, [{ id: 9223372036854775807n, firstName: "Max" }]);
    loaders.campaign = (await import("~/routes/app.campaigns.$id")).loader;
    loaders.customer = (await import("~/routes/app.customers.$id")).loader;
    loaders.segment = (await import("~/routes/app.segments.$id")).loader;
    loaders.csv = (await import("~/routes/app.reports_.$id.csv")).loader;
    loaders.dryRun = (await import("~/routes/app.campaigns.dry-run")).loader;
  });
  afterAll(async () => {
    await closeDatabases();
    await database?.drop();
  });

  it.each(["campaign", "customer", "segment", "csv"])("the %s page answers 404 for malformed ids", async (name) => {
    const got = await Promise.all(BAD_IDS.map((id) => status(loaders[name], id)));
    expect(Object.fromEntries(BAD_IDS.map((id, i) => [id, got[i]]))).toEqual(
      Object.fromEntries(BAD_IDS.map((id) => [id, 404])),
    );
  });

  it("the dry run answers 404 for malformed ids", async () => {
    for (const id of BAD_IDS) expect(await status(loaders.dryRun, "", `/app/campaigns/dry-run?id=${id}`)).toBe(404);
  });

  it("a customer id at the top of int8 is looked up, not refused", async () => {
    expect(await status(loaders.customer, "9223372036854775807")).toBe(200);
  });

  it("exports only the shop's own campaigns: another shop's or a missing one is 404", async () => {
    expect(await status(loaders.csv, "theirs")).toBe(404);
    expect(await status(loaders.csv, "nothere")).toBe(404);
    const request = new Request("http://localhost/app/reports/mine/csv");
    const response = (await loaders.csv({ request, params: { id: "mine" }, context: {} })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="rapport-campaign-mine.csv"');
    expect((await response.text()).split("\n")[0]).toMatch(/^message_id,customer_id,/);
  });
});
