// The campaign service the UI calls: create from a pillar, save with per-field errors, preview
// for a real customer with the segment explanation, and a dry run that writes nothing.
import { flowWorkflowOn } from "~tests/support/campaigns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dryRun, previewMessage } from "~/campaigns/preview.server";
import { activateCampaign, createFromPillar, pauseCampaign, updateCampaign } from "~/campaigns/service.server";
import { listCampaigns } from "~/campaigns/store.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { recordingQueue } from "~tests/support/ingest";
import { DAY, seedProducts } from "~tests/support/campaigns";
import { computeTestProfiles, seedStore } from "~tests/support/segment-store";

const shop = "service-test.myshopify.com";
const T0 = new Date("2026-11-20T10:00:00Z");
const NOW = new Date(T0.getTime() + 7 * DAY + 60_000);
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.prisma.shop.create({ data: { domain: shop, name: "Acme Outdoor" } });
  await seedProducts(database, shop, [{ id: 101, title: "Trail Runner", handle: "trail-runner" }]);
  await seedStore(database.pool, shop, {
    customers: [
      { id: 1, firstName: "Ada", email: "ada@example.com", emailMarketing: "SUBSCRIBED" },
      { id: 2, firstName: null, email: "b@example.com", emailMarketing: "SUBSCRIBED" },
      { id: 3, firstName: "Cy", email: "c@example.com", emailMarketing: "UNSUBSCRIBED" },
      { id: 4, firstName: "Di", email: "d@example.com", emailMarketing: "SUBSCRIBED" },
    ],
    orders: [
      ...[1, 2, 3].map((i) => ({ id: 900 + i, customerId: i, processedAt: T0, productIds: [101] })),
      { id: 904, customerId: 4, processedAt: new Date(T0.getTime() - 20 * DAY), productIds: [101] },
    ],
  });
  await computeTestProfiles(database.pool, shop, NOW);
});
afterAll(async () => {
  await database?.drop();
});

describe("campaign service", () => {
  it("creates ready-made campaigns from each pillar as drafts", async () => {
    const lifecycle = await createFromPillar(database, shop, "lifecycle");
    expect(lifecycle.map((c) => [c.name, c.status, c.trigger])).toEqual([
      ["7-day check-in", "draft", { kind: "event", event: "order_placed", delayDays: 7 }],
      ["14-day check-in", "draft", { kind: "event", event: "order_placed", delayDays: 14 }],
      ["30-day check-in", "draft", { kind: "event", event: "order_placed", delayDays: 30 }],
    ]);
    for (const pillar of ["loyalty", "affinity", "reengagement"] as const)
      expect(await createFromPillar(database, shop, pillar)).toHaveLength(1);
    expect(await listCampaigns(database, shop)).toHaveLength(6);
  });

  it("rejects an invalid edit field by field and saves nothing", async () => {
    const [campaign] = await createFromPillar(database, shop, "loyalty");
    const result = await updateCampaign(database, shop, campaign.id, {
      subject: "Hi {{ customer.nick }}",
      segmentId: "missing",
      holdoutPercent: 90,
    });
    expect(result).toMatchObject({ ok: false });
    if (!result || result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["holdoutPercent", "segmentId", "subject"]);
    expect(result.errors.subject![0]).toContain("Available variables: customer.first_name");
    expect((await listCampaigns(database, shop)).find((c) => c.id === campaign.id)?.subject).toBe(campaign.subject);
  });

  it("previews a real customer's message with why they are in the segment or not", async () => {
    const [campaign] = await createFromPillar(database, shop, "lifecycle", "lifecycle-day-7");
    const ada = await previewMessage(database, shop, campaign.id, "1", NOW);
    expect(ada?.rendered?.subject).toBe("How is Trail Runner working out, Ada?");
    expect(ada?.rendered?.ctaUrl).toBe(`https://${shop}/products/trail-runner`);
    expect(ada?.segment.member).toBe(true);
    expect(ada?.consent).toEqual({ ok: true });
    const di = await previewMessage(database, shop, campaign.id, "4", NOW);
    expect(di?.segment.member).toBe(false);
    expect(di?.segment.explanation).toMatchObject({ matched: false, rule: expect.stringContaining("7 days ago") });
    const nameless = await previewMessage(database, shop, campaign.id, "2", NOW);
    expect(nameless?.rendered?.subject).toBe("How is Trail Runner working out, there?");
    expect(await previewMessage(database, shop, campaign.id, "999", NOW)).toBeNull();
  });

  it("dry-runs a draft: who would get what, who is suppressed and why, nothing written", async () => {
    const [campaign] = await createFromPillar(database, shop, "lifecycle", "lifecycle-day-7");
    await updateCampaign(database, shop, campaign.id, { holdoutPercent: 0 });
    const result = await dryRun(database, shop, campaign.id, NOW);
    expect(result.counts).toEqual({ pending: 2, suppressed: 1 });
    expect(result.suppressedBy).toEqual({ consent_unsubscribed: 1 });
    expect(result.rows.map((r) => [r.customerId, r.status, r.subject])).toEqual([
      ["1", "pending", "How is Trail Runner working out, Ada?"],
      ["2", "pending", "How is Trail Runner working out, there?"],
      ["3", "suppressed", null],
    ]);
    expect(await database.prisma.message.count()).toBe(0);
  });

  it("activates (enqueuing a tick) and pauses", async () => {
    const [campaign] = await createFromPillar(database, shop, "affinity");
    const queue = recordingQueue();
    // Pillar campaigns start on the Flow trigger: refused until a workflow using it is on (0180).
    expect(await activateCampaign({ db: database, queue, now: () => NOW }, shop, campaign.id)).toMatchObject({
      ok: false,
      errors: { status: [expect.stringMatching(/no turned-on workflow uses that trigger/)] },
    });
    await flowWorkflowOn(database, shop);
    const activated = await activateCampaign({ db: database, queue, now: () => NOW }, shop, campaign.id);
    expect(activated).toMatchObject({ ok: true, campaign: { status: "active", activatedAt: NOW } });
    expect(queue.take("campaigns.tick").map((j) => j.payload)).toEqual([{ shop }]);
    // Its Shopify marketing activity is a queued job, never a call inside the activation (decision 0175).
    expect(queue.take("marketing.syncActivity").map((j) => j.payload)).toEqual([{ shop, campaignId: campaign.id }]);
    expect(await database.prisma.marketingActivity.findFirst({ where: { campaignId: campaign.id } })).toMatchObject({
      desired: "ACTIVE",
      activityId: null,
    });
    expect(await pauseCampaign({ db: database, queue }, shop, campaign.id)).toMatchObject({ status: "paused" });
    expect(queue.take("marketing.syncActivity").map((j) => j.payload)).toEqual([{ shop, campaignId: campaign.id }]);
    expect(await database.prisma.marketingActivity.findFirst({ where: { campaignId: campaign.id } })).toMatchObject({
      desired: "PAUSED",
    });
  });
});
