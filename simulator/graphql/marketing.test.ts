// The marketing mutations against Shopify's documented shapes: the examples from shopify.dev run
// unchanged, every error code the simulator answers is one the real schema has, the scope is
// required, and the documented rules (identifiers, uniqueness, immutable UTM) hold.
import fs from "node:fs";
import path from "node:path";
import { isEnumType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "~sim/index";
import { adminSchema } from "./schema";
import { MESSAGES } from "../store/marketing";
import { DEFAULT_SCOPES } from "../http/tokens";

type Body = {
  data?: Record<string, Record<string, unknown> | null>;
  errors?: { message: string; extensions: Record<string, unknown> }[];
};

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ customers: 5, seed: 3 });
});
afterAll(() => sim.stop());

async function gql(s: Simulator, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
  const res = await fetch(`${s.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": s.accessToken },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Body;
}

// https://shopify.dev/docs/api/admin-graphql/2024-07/mutations/marketingActivityUpsertExternal (example, unchanged)
const DOC_UPSERT = `mutation marketingActivityUpsertExternal($input: MarketingActivityUpsertExternalInput!) {
  marketingActivityUpsertExternal(input: $input) { marketingActivity { id } } }`;
const DOC_UPSERT_INPUT = {
  remoteId: "A unique identifier",
  title: "New Title",
  remoteUrl: "https://example.com",
  status: "ACTIVE",
  utm: { source: "email", medium: "newsletter", campaign: "external-campaign" },
  tactic: "NEWSLETTER",
  marketingChannelType: "EMAIL",
};
// https://shopify.dev/docs/api/admin-graphql/2026-01/mutations/marketingEngagementCreate (example selection, by remoteId)
const DOC_ENGAGEMENT = `mutation M($marketingEngagement: MarketingEngagementInput!, $marketingActivityId: ID, $channelHandle: String, $remoteId: String) {
  marketingEngagementCreate(marketingEngagement: $marketingEngagement, marketingActivityId: $marketingActivityId, channelHandle: $channelHandle, remoteId: $remoteId) {
    marketingEngagement { occurredOn utcOffset isCumulative adSpend { amount currencyCode } clicksCount impressionsCount
      commentsCount favoritesCount unsubscribesCount complaintsCount failsCount sendsCount uniqueViewsCount uniqueClicksCount
      sharesCount viewsCount sessionsCount sales { amount currencyCode } orders firstTimeCustomers returningCustomers
      marketingActivity { id } channelHandle }
    userErrors { field message } } }`;
const DOC_ENGAGEMENT_INPUT = {
  occurredOn: "2018-06-29",
  utcOffset: "-07:00",
  isCumulative: false,
  adSpend: { currencyCode: "CAD", amount: "19.90" },
  impressionsCount: 100,
  clicksCount: 40,
  unsubscribesCount: 1,
  sendsCount: 1,
  uniqueClicksCount: 1,
  sales: { amount: "304.50", currencyCode: "CAD" },
  orders: 8,
};
const UPSERT = `mutation($input: MarketingActivityUpsertExternalInput!) { marketingActivityUpsertExternal(input: $input) {
  marketingActivity { id status title utmParameters { source medium campaign } } userErrors { field message code } } }`;
const CREATE = `mutation($input: MarketingActivityCreateExternalInput!) { marketingActivityCreateExternal(input: $input) {
  marketingActivity { id } userErrors { field message code } } }`;
const UPDATE = `mutation($input: MarketingActivityUpdateExternalInput!, $remoteId: String, $utm: UTMInput) {
  marketingActivityUpdateExternal(input: $input, remoteId: $remoteId, utm: $utm) { marketingActivity { id status } userErrors { field message code } } }`;
const DELETE = `mutation($remoteId: String, $id: ID) { marketingActivityDeleteExternal(remoteId: $remoteId, marketingActivityId: $id) {
  deletedMarketingActivityId userErrors { field message code } } }`;
const ENGAGE = `mutation($remoteId: String, $channelHandle: String, $e: MarketingEngagementInput!) {
  marketingEngagementCreate(remoteId: $remoteId, channelHandle: $channelHandle, marketingEngagement: $e) {
  marketingEngagement { occurredOn sendsCount } userErrors { field message code } } }`;

const codes = (body: Body, field: string) =>
  ((body.data?.[field]?.userErrors ?? []) as { code: string }[]).map((e) => e.code);

describe("marketing activities as Shopify documents them", () => {
  it("answers only with error codes the real schema has", () => {
    const type = adminSchema("2026-07").getType("MarketingActivityUserErrorCode");
    if (!isEnumType(type)) throw new Error("MarketingActivityUserErrorCode is not an enum");
    const real = new Set(type.getValues().map((v) => v.name));
    expect(Object.keys(MESSAGES).filter((code) => !real.has(code))).toEqual([]);
  });

  it("runs shopify.dev's examples unchanged and records them", async () => {
    const created = await gql(sim, DOC_UPSERT, { input: DOC_UPSERT_INPUT });
    expect(created.errors).toBeUndefined();
    const id = (created.data!.marketingActivityUpsertExternal!.marketingActivity as { id: string }).id;
    expect(id).toMatch(/^gid:\/\/shopify\/MarketingActivity\/\d+$/);
    const engaged = await gql(sim, DOC_ENGAGEMENT, {
      marketingEngagement: DOC_ENGAGEMENT_INPUT,
      remoteId: "A unique identifier",
      marketingActivityId: null,
      channelHandle: null,
    });
    expect(engaged.errors).toBeUndefined();
    expect(engaged.data!.marketingEngagementCreate).toEqual({
      marketingEngagement: expect.objectContaining({
        occurredOn: "2018-06-29",
        utcOffset: "-07:00",
        isCumulative: false,
        adSpend: { amount: "19.90", currencyCode: "CAD" },
        sendsCount: 1,
        commentsCount: null,
        marketingActivity: { id },
        channelHandle: null,
      }),
      userErrors: [],
    });
    const recorded = (await (await fetch(`${sim.controlUrl}/recorded`)).json()) as Record<string, unknown[]>;
    expect(recorded.marketingActivities).toEqual([
      expect.objectContaining({ remoteId: "A unique identifier", status: "ACTIVE", utm: DOC_UPSERT_INPUT.utm }),
    ]);
    expect(recorded.marketingEngagements).toEqual([
      expect.objectContaining({ remoteId: "A unique identifier", input: expect.objectContaining({ clicksCount: 40 }) }),
    ]);
  });

  it("keeps remoteId and UTM unique and UTM immutable, and requires tracking parameters", async () => {
    const input = { ...DOC_UPSERT_INPUT, remoteId: "r-2", utm: { source: "s", medium: "m", campaign: "c2" } };
    expect(codes(await gql(sim, UPSERT, { input }), "marketingActivityUpsertExternal")).toEqual([]);
    // createExternal (deprecated, still served) refuses a taken remoteId and a taken UTM triple.
    expect(codes(await gql(sim, CREATE, { input }), "marketingActivityCreateExternal")).toEqual([
      "MARKETING_ACTIVITY_WITH_REMOTE_ID_ALREADY_EXISTS",
      "MARKETING_ACTIVITY_WITH_UTM_CAMPAIGN_ALREADY_EXISTS",
    ]);
    const { remoteId: _r, ...withoutRemote } = input;
    expect(
      codes(await gql(sim, CREATE, { input: { ...withoutRemote, utm: null } }), "marketingActivityCreateExternal"),
    ).toEqual(["NON_HIERARCHIAL_REQUIRES_UTM_URL_PARAMETER"]);
    const changed = await gql(sim, UPSERT, { input: { ...input, utm: { ...input.utm, campaign: "other" } } });
    expect(changed.data!.marketingActivityUpsertExternal).toEqual({
      marketingActivity: null,
      userErrors: [
        {
          field: ["input", "utm"],
          message: "The UTM parameters cannot be modified.",
          code: "IMMUTABLE_UTM_PARAMETERS",
        },
      ],
    });
    const paused = await gql(sim, UPSERT, { input: { ...input, status: "PAUSED", title: "Renamed" } });
    expect(paused.data!.marketingActivityUpsertExternal!.marketingActivity).toMatchObject({
      status: "PAUSED",
      title: "Renamed",
    });
  });

  it("refuses enum values and scalars Shopify refuses", async () => {
    const badEnum = await gql(sim, UPSERT, { input: { ...DOC_UPSERT_INPUT, remoteId: "r-3", tactic: "SMS" } });
    expect(badEnum.data ?? null).toBeNull();
    expect(badEnum.errors?.[0].message).toMatch(/tactic/);
    const badUrl = await gql(sim, UPSERT, {
      input: { ...DOC_UPSERT_INPUT, remoteId: "r-3", remoteUrl: "not a url", utm: null },
    });
    expect(badUrl.errors?.[0].extensions.code).toBe("INVALID_VARIABLE");
    const missing = await gql(sim, UPSERT, { input: { title: "x" } });
    expect(missing.errors?.length).toBeGreaterThan(0);
  });

  it("updates, ends and deletes by the documented identifiers", async () => {
    expect(codes(await gql(sim, UPDATE, { input: { status: "PAUSED" } }), "marketingActivityUpdateExternal")).toEqual([
      "INVALID_MARKETING_ACTIVITY_EXTERNAL_ARGUMENTS",
    ]);
    expect(codes(await gql(sim, UPDATE, { input: {}, remoteId: "nope" }), "marketingActivityUpdateExternal")).toEqual([
      "INVALID_REMOTE_ID",
    ]);
    const byUtm = await gql(sim, UPDATE, {
      input: { status: "INACTIVE" },
      utm: { source: "s", medium: "m", campaign: "c2" },
    });
    expect(byUtm.data!.marketingActivityUpdateExternal!.marketingActivity).toMatchObject({ status: "INACTIVE" });
    expect(sim.recorded.marketing.byRemoteId("r-2")).toMatchObject({ statusHistory: ["ACTIVE", "PAUSED", "INACTIVE"] });
    expect(sim.recorded.marketing.byRemoteId("r-2")!.end).not.toBeNull();
    expect(codes(await gql(sim, DELETE, {}), "marketingActivityDeleteExternal")).toEqual([
      "INVALID_DELETE_ACTIVITY_EXTERNAL_ARGUMENTS",
    ]);
    const deleted = await gql(sim, DELETE, { remoteId: "r-2" });
    expect(deleted.data!.marketingActivityDeleteExternal!.deletedMarketingActivityId).toMatch(
      /MarketingActivity\/\d+$/,
    );
    expect(codes(await gql(sim, DELETE, { remoteId: "r-2" }), "marketingActivityDeleteExternal")).toEqual([
      "INVALID_REMOTE_ID",
    ]);
  });

  it("checks engagement identifiers and values", async () => {
    const e = { occurredOn: "2026-12-01", utcOffset: "+00:00", sendsCount: 3 };
    expect(codes(await gql(sim, ENGAGE, { e }), "marketingEngagementCreate")).toEqual([
      "INVALID_MARKETING_ENGAGEMENT_ARGUMENT_MISSING",
    ]);
    expect(
      codes(
        await gql(sim, ENGAGE, { e, remoteId: "A unique identifier", channelHandle: "x" }),
        "marketingEngagementCreate",
      ),
    ).toEqual(["INVALID_MARKETING_ENGAGEMENT_ARGUMENTS"]);
    expect(codes(await gql(sim, ENGAGE, { e, channelHandle: "x" }), "marketingEngagementCreate")).toEqual([
      "INVALID_CHANNEL_HANDLE",
    ]);
    expect(codes(await gql(sim, ENGAGE, { e, remoteId: "r-2" }), "marketingEngagementCreate")).toEqual([
      "INVALID_REMOTE_ID",
    ]);
    const badOffset = await gql(sim, ENGAGE, { e: { ...e, utcOffset: "UTC" }, remoteId: "A unique identifier" });
    expect(badOffset.errors?.[0].extensions.code).toBe("INVALID_VARIABLE");
    const mixed = { ...e, adSpend: { amount: "1", currencyCode: "USD" }, sales: { amount: "2", currencyCode: "CAD" } };
    expect(
      codes(await gql(sim, ENGAGE, { e: mixed, remoteId: "A unique identifier" }), "marketingEngagementCreate"),
    ).toEqual(["CURRENCY_CODE_MISMATCH_INPUT"]);
  });

  it("requires the write_marketing_events scope, which shopify.app.toml declares", async () => {
    const toml = fs.readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8");
    const declared = /^scopes = "([^"]*)"/m.exec(toml)![1];
    expect(declared).toBe(DEFAULT_SCOPES);
    expect(declared.split(",")).toContain("write_marketing_events");
    const narrow = await startSimulator({ customers: 2, seed: 3, tokens: { scope: "read_customers,read_orders" } });
    try {
      const denied = await gql(narrow, UPSERT, { input: DOC_UPSERT_INPUT });
      expect(denied.data).toEqual({ marketingActivityUpsertExternal: null });
      expect(denied.errors).toEqual([
        expect.objectContaining({
          message:
            "Access denied for marketingActivityUpsertExternal field. Required access: `write_marketing_events` access scope.",
          path: ["marketingActivityUpsertExternal"],
          extensions: expect.objectContaining({
            code: "ACCESS_DENIED",
            requiredAccess: "`write_marketing_events` access scope.",
          }),
        }),
      ]);
      expect(narrow.recorded.marketing.activities).toEqual([]);
    } finally {
      await narrow.stop();
    }
  });
});
