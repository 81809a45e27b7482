// Shopify Marketing end to end against real PostgreSQL and the simulator over HTTP: activating a
// campaign makes its external activity (with UTM) from the queued job, each finished shop-local
// day's sends, human clicks and unsubscribes are reported once, pausing pauses the activity, a 5xx
// or a drained bucket is retried, and a refusal is stored without touching the campaign.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateCampaign, createFromPillar, pauseCampaign } from "~/campaigns/service.server";
import { signClickToken } from "~/delivery/click-token.server";
import { handleClick } from "~/delivery/clicks.server";
import type { MailEnv } from "~/delivery/sender.server";
import { saveSender } from "~/delivery/sender.server";
import { closeTransports } from "~/delivery/smtp.server";
import { sendTestEmail } from "~/delivery/test-email.server";
import { syncActivity } from "~/marketing/activity.server";
import { reportEngagement } from "~/marketing/engagement.server";
import { marketingTasks } from "~/marketing/tasks.server";
import { AdminApiError } from "~/shopify/admin";
import { startSimulator, type Simulator } from "~sim/index";
import { campaignContext, HOUR, testClock, type CampaignTestContext } from "~tests/support/campaigns";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { insertMessages } from "~tests/support/results-rows";
import { senderForm, startLocalInbox, testMailEnv, type LocalInbox } from "~tests/support/email";

const APP_URL = "https://rapport.example";
const SECRET = "marketing-test-secret";
const BROWSER = {
  method: "GET",
  userAgent:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
};
// Shop-local days in New York (UTC-5 in December): 1 December runs 05:00Z to 05:00Z the next day.
const DEC1 = new Date("2026-12-01T05:00:00Z");

describe("Shopify Marketing activities and engagement", () => {
  let sim: Simulator;
  let db: TestDatabase;
  let ctx: CampaignTestContext;
  let shop: string;
  let campaignId: string;
  let inbox: LocalInbox;
  let mail: MailEnv;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 10, seed: 5 });
    db = await createTestDatabase();
    shop = sim.shop;
    ctx = await campaignContext(db, sim, testClock(new Date(DEC1.getTime() + 3 * HOUR)));
    await db.prisma.shop.update({ where: { domain: shop }, data: { ianaTimezone: "America/New_York" } });
    const [campaign] = await createFromPillar(db, shop, "loyalty");
    campaignId = campaign.id;
    await db.prisma.campaign.update({ where: { shop_id: { shop, id: campaignId } }, data: { channel: "email" } });
    // An email campaign goes live only on a verified sender (decision 0171): verify one for real.
    inbox = await startLocalInbox();
    mail = testMailEnv(inbox);
    const saved = await saveSender(db, shop, senderForm(), mail);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const verified = await sendTestEmail(db, shop, mail, ctx.now());
    if (!verified.ok) throw new Error(verified.error);
  });
  afterAll(async () => {
    closeTransports();
    await inbox?.stop();
    await sim?.stop();
    await db?.drop();
  });

  const activity = () => sim.recorded.marketing.byRemoteId(campaignId);
  const engagements = () => sim.recorded.marketing.engagements.filter((e) => e.remoteId === campaignId);

  it("activation queues the activity; the job creates it with UTM, retrying a 5xx", async () => {
    expect(await activateCampaign(ctx, shop, campaignId, mail)).toMatchObject({ ok: true });
    const [job] = ctx.queue.take("marketing.syncActivity");
    expect(job.payload).toEqual({ shop, campaignId });
    expect(activity()).toBeUndefined();
    sim.faults.inject({ kind: "error", status: 503, count: 1, operationName: "MarketingActivityUpsert" });
    expect(await syncActivity(ctx, shop, campaignId, APP_URL)).toBe("synced");
    expect(
      sim.recorded.operations.filter((o) => o.operationName === "MarketingActivityUpsert").map((o) => o.status),
    ).toEqual(["fault", "ok"]);
    expect(activity()).toMatchObject({
      status: "ACTIVE",
      tactic: "NEWSLETTER",
      marketingChannelType: "EMAIL",
      remoteUrl: `${APP_URL}/app/campaigns/${campaignId}`,
      utm: { source: "rapport", medium: "email", campaign: campaignId },
    });
    const row = await db.prisma.marketingActivity.findFirstOrThrow({ where: { campaignId } });
    expect(row).toMatchObject({ desired: "ACTIVE", synced: "ACTIVE", lastError: null });
    expect(row.activityId).toBe(`gid://shopify/MarketingActivity/${activity()!.id}`);
    // Nothing changed: no second call.
    expect(await syncActivity(ctx, shop, campaignId, APP_URL)).toBe("unchanged");
  });

  it("puts the UTM parameters on the tracked redirect's destination", async () => {
    await insertMessages(db, shop, [
      {
        id: "utm-1",
        campaignId,
        customerId: 1n,
        status: "sent",
        scheduledFor: DEC1,
        sentAt: new Date(DEC1.getTime() + HOUR),
      },
    ]);
    const result = await handleClick(
      { ...ctx, appSecret: SECRET },
      { ...BROWSER, token: signClickToken(SECRET, "utm-1", "https://shop.example/p?size=M") },
    );
    expect(result).toMatchObject({
      status: 302,
      counted: true,
      redirectTo: `https://shop.example/p?size=M&utm_source=rapport&utm_medium=email&utm_campaign=${campaignId}`,
    });
  });

  it("reports each finished day once: sends, human clicks (not scanners) and unsubscribes", async () => {
    const at = (hours: number) => new Date(DEC1.getTime() + hours * HOUR);
    // 1 Dec (local): utm-1 above and two more sent; 2 Dec: one sent; 1 Dec 23:30 local is still 1 Dec.
    await insertMessages(db, shop, [
      { id: "d1-a", campaignId, customerId: 2n, status: "sent", scheduledFor: at(2), sentAt: at(2) },
      { id: "d1-b", campaignId, customerId: 3n, status: "sent", scheduledFor: at(23.5), sentAt: at(23.5) },
      { id: "d1-held", campaignId, customerId: 4n, status: "held_out", scheduledFor: at(2) },
      { id: "d2-a", campaignId, customerId: 5n, status: "sent", scheduledFor: at(30), sentAt: at(30) },
    ]);
    const click = async (messageId: string, whenHours: number, agent = BROWSER) =>
      handleClick(
        { ...ctx, now: () => at(whenHours), appSecret: SECRET },
        { ...agent, token: signClickToken(SECRET, messageId, "https://shop.example/") },
      );
    expect(await click("d1-a", 5)).toMatchObject({ counted: true });
    // A gateway scanning d1-b seconds after it was sent, and with its own agent: recorded, not counted.
    expect(await click("d1-b", 23.5 + 1 / 3600)).toMatchObject({ counted: false, machine: "too_soon" });
    expect(await click("d1-b", 23.6, { method: "GET", userAgent: "Barracuda Sentinel (EE)" })).toMatchObject({
      counted: false,
      machine: "scanner_agent",
    });
    await db.prisma.unsubscribe.create({
      data: { shop, customerId: 2n, messageId: "d1-a", campaignId, source: "link", createdAt: at(6) },
    });
    ctx.clock.set(at(48 + 12)); // 3 December, noon in New York: 1 and 2 December are complete.
    expect(await reportEngagement(ctx, shop)).toEqual({ reported: 2, refused: 0, uncertain: 0 });
    expect(engagements().map((e) => e.input)).toEqual([
      {
        occurredOn: "2026-12-01",
        utcOffset: "-05:00",
        isCumulative: false, // the schema's default, filled in by Shopify's variable coercion
        sendsCount: 3,
        clicksCount: 1 + 1, // d1-a and utm-1 (clicked in the previous test, on 1 December)
        uniqueClicksCount: 2,
        unsubscribesCount: 1,
      },
      {
        occurredOn: "2026-12-02",
        utcOffset: "-05:00",
        isCumulative: false,
        sendsCount: 1,
        clicksCount: 0,
        uniqueClicksCount: 0,
        unsubscribesCount: 0,
      },
    ]);
    const stored = await db.prisma.marketingEngagementReport.findMany({
      where: { campaignId },
      orderBy: { day: "asc" },
    });
    expect(stored.map((r) => [r.day, r.status, r.sends, r.clicks, r.unsubscribes])).toEqual([
      ["2026-12-01", "reported", 3, 2, 1],
      ["2026-12-02", "reported", 1, 0, 0],
    ]);
    // Once: a later run the same day reports nothing again.
    expect(await reportEngagement(ctx, shop)).toEqual({ reported: 0, refused: 0, uncertain: 0 });
    expect(engagements()).toHaveLength(2);
  });

  it("retries a day Shopify refused with a 5xx, through the job's retry, and never sends a day twice", async () => {
    ctx.clock.advance(24 * HOUR); // 4 December: 3 December is complete.
    sim.faults.inject({ kind: "error", status: 500, count: 1, operationName: "MarketingEngagementCreate" });
    const task = marketingTasks["marketing.reportEngagement"];
    await expect(task({ shop }, ctx)).rejects.toBeInstanceOf(AdminApiError);
    expect(
      await db.prisma.marketingEngagementReport.findUnique({
        where: { shop_campaignId_day: { shop, campaignId, day: "2026-12-03" } },
      }),
    ).toMatchObject({
      status: "refused",
      reportedAt: null,
      lastError: expect.stringMatching(/500/),
    });
    // The job runs again (graphile-worker's retry); the bucket is drained and slow to refill, so
    // Shopify throttles the call and the client waits it out.
    sim.rateLimit.setRestoreRate(5);
    sim.rateLimit.drain(0);
    await task({ shop }, ctx);
    sim.rateLimit.setPlan("standard");
    expect(engagements().map((e) => e.input.occurredOn)).toEqual(["2026-12-01", "2026-12-02", "2026-12-03"]);
    expect(
      sim.recorded.operations.some((o) => o.operationName === "MarketingEngagementCreate" && o.status === "throttled"),
    ).toBe(true);
  });

  it("never resends a day whose call got no answer", async () => {
    ctx.clock.advance(24 * HOUR); // 4 December is complete.
    const impatient = await campaignContext(db, sim, ctx.clock, { timeoutMs: 200 });
    sim.faults.inject({ kind: "timeout", count: 1, operationName: "MarketingEngagementCreate" });
    expect(await reportEngagement(impatient, shop)).toEqual({ reported: 0, refused: 0, uncertain: 1 });
    expect(await reportEngagement(impatient, shop)).toEqual({ reported: 0, refused: 0, uncertain: 0 });
    expect(
      await db.prisma.marketingEngagementReport.findUnique({
        where: { shop_campaignId_day: { shop, campaignId, day: "2026-12-04" } },
      }),
    ).toMatchObject({ status: "uncertain", lastError: expect.stringMatching(/did not answer/) });
  });

  it("pausing the campaign pauses its activity", async () => {
    expect(await pauseCampaign(ctx, shop, campaignId)).toMatchObject({ status: "paused" });
    expect(ctx.queue.take("marketing.syncActivity").map((j) => j.payload)).toEqual([{ shop, campaignId }]);
    expect(await syncActivity(ctx, shop, campaignId, APP_URL)).toBe("synced");
    expect(activity()).toMatchObject({ status: "PAUSED", statusHistory: ["ACTIVE", "PAUSED"] });
    expect(await db.prisma.marketingActivity.findFirst({ where: { campaignId } })).toMatchObject({ synced: "PAUSED" });
  });

  it("stores Shopify's refusal and leaves the campaign live", async () => {
    const [other] = await createFromPillar(db, shop, "loyalty");
    // Someone already registered this remote id with other UTM parameters: Shopify refuses the change.
    await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken },
      body: JSON.stringify({
        query: `mutation($input: MarketingActivityUpsertExternalInput!) { marketingActivityUpsertExternal(input: $input) { userErrors { code } } }`,
        variables: {
          input: {
            remoteId: other.id,
            title: "x",
            remoteUrl: "https://x.example",
            status: "ACTIVE",
            tactic: "AD",
            marketingChannelType: "SOCIAL",
            utm: { source: "x", medium: "y", campaign: "z" },
          },
        },
      }),
    });
    expect(await activateCampaign(ctx, shop, other.id, mail)).toMatchObject({
      ok: true,
      campaign: { status: "active" },
    });
    expect(await syncActivity(ctx, shop, other.id, APP_URL)).toBe("refused");
    expect(await db.prisma.marketingActivity.findFirst({ where: { campaignId: other.id } })).toMatchObject({
      activityId: null,
      lastError: "IMMUTABLE_UTM_PARAMETERS: The UTM parameters cannot be modified.",
    });
    expect(await db.prisma.campaign.findFirst({ where: { id: other.id } })).toMatchObject({ status: "active" });
    // The hourly task queues another attempt for it.
    ctx.queue.take("marketing.syncActivity");
    await marketingTasks["marketing.reportEngagement"]({ shop }, ctx);
    expect(ctx.queue.take("marketing.syncActivity").map((j) => j.payload)).toEqual([{ shop, campaignId: other.id }]);
  });
});
