// Each trigger fires at the right time and the guardrails hold, end to end: rows in PostgreSQL,
// the tick and the outbox, Flow triggers received by the simulator over HTTP, a hand-moved clock.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { drainOutbox } from "~/delivery/outbox.server";
import { activateCampaign, createFromPillar, createCampaign, updateCampaign } from "~/campaigns/service.server";
import { campaignTasks } from "~/campaigns/tasks.server";
import { tickShop } from "~/campaigns/tick.server";
import { isHeldOut } from "~/delivery/rules/guardrails";
import { MESSAGE_PATH_PRIORITY } from "~/jobs/queue";
import { pillarSegment } from "~/segments/rules/pillars";
import {
  campaignContext,
  DAY,
  HOUR,
  seedProducts,
  testClock,
  type CampaignTestContext,
} from "~tests/support/campaigns";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { computeTestProfiles, seedStore, type SeedCustomer } from "~tests/support/segment-store";
import { startTestSimulator, type TestSimulator } from "~tests/support/simulator";

const ID = 7_000_000_000_000n;
const cid = (i: number) => String(ID + BigInt(i));
const T0 = new Date("2026-11-20T10:00:00Z");

let database: TestDatabase;
let test: TestSimulator;
let ctx: CampaignTestContext;
let shop: string;

beforeAll(async () => {
  test = await startTestSimulator({ customers: 20 });
  shop = test.sim.shop;
  // The first request pays the simulator's schema warm-up; keep it out of the timed client calls.
  await test.admin.request("{ shop { name } }");
});
afterAll(async () => {
  await test?.stop();
});

async function freshStore(customers: SeedCustomer[]): Promise<void> {
  database = await createTestDatabase();
  ctx = await campaignContext(database, test.sim, testClock(T0));
  await seedProducts(database, shop, [
    { id: 101, title: "Everyday Tee", handle: "everyday-tee" },
    { id: 102, title: "Premium Tee", handle: "premium-tee" },
  ]);
  await seedStore(database.pool, shop, { customers });
  test.sim.recorded.clear();
}
afterEach(async () => {
  await database?.drop();
});

const subscriber = (i: number, extra: Partial<SeedCustomer> = {}): SeedCustomer => ({
  id: cid(i),
  firstName: `Cust${i}`,
  email: `c${i}@example.com`,
  emailMarketing: "SUBSCRIBED",
  ...extra,
});

async function messages() {
  const rows = await database.prisma.message.findMany({ orderBy: { customerId: "asc" } });
  return rows.map((m) => ({
    customerId: m.customerId.toString(),
    status: m.status,
    reason: m.reason,
    scheduledFor: m.scheduledFor.toISOString(),
    subject: m.subject,
    triggerKey: m.triggerKey,
  }));
}

async function activeCampaign(
  pillar: Parameters<typeof createFromPillar>[2],
  key: string,
  edits: Record<string, unknown> = { holdoutPercent: 0 },
) {
  const [campaign] = await createFromPillar(database, shop, pillar, key);
  const updated = await updateCampaign(database, shop, campaign.id, edits);
  expect(updated).toMatchObject({ ok: true });
  expect(await activateCampaign(ctx, shop, campaign.id)).toMatchObject({ ok: true });
  return campaign;
}

const sentTo = () => test.sim.recorded.flowTriggers.map((f) => String(f.customerId)).sort();

describe("event trigger: lifecycle check-in 7 days after an order", () => {
  it("fires at day 7, respects consent and quiet hours, sends once through Flow", async () => {
    await freshStore([
      subscriber(1),
      subscriber(2, { emailMarketing: "NOT_SUBSCRIBED" }),
      subscriber(3),
      subscriber(4, { emailMarketing: "PENDING" }),
      subscriber(5, { emailMarketing: "UNSUBSCRIBED" }),
    ]);
    await database.pool.query(`UPDATE "Customer" SET timezone = 'America/Los_Angeles' WHERE id = $1`, [cid(3)]);
    await seedStore(database.pool, shop, {
      orders: [1, 2, 3, 4, 5].map((i) => ({ id: 900 + i, customerId: cid(i), processedAt: T0, productIds: [101] })),
    });
    await computeTestProfiles(database.pool, shop, new Date(T0.getTime() + 8 * DAY));
    await activeCampaign("lifecycle", "lifecycle-day-7");

    ctx.clock.set(new Date(T0.getTime() + 7 * DAY - HOUR));
    expect((await tickShop(ctx, shop)).inserted).toBe(0);

    ctx.clock.set(new Date(T0.getTime() + 7 * DAY + 60_000)); // 10:01 UTC = 02:01 in Los Angeles
    expect((await tickShop(ctx, shop)).inserted).toBe(5);
    const rows = await messages();
    expect(rows.map((r) => [r.customerId, r.status, r.reason, r.scheduledFor])).toEqual([
      [cid(1), "pending", null, "2026-11-27T10:01:00.000Z"],
      [cid(2), "suppressed", "consent_not_subscribed", "2026-11-27T10:01:00.000Z"],
      [cid(3), "pending", "deferred: quiet_hours", "2026-11-27T16:00:00.000Z"], // 08:00 PST
      [cid(4), "suppressed", "consent_pending", "2026-11-27T10:01:00.000Z"],
      [cid(5), "suppressed", "consent_unsubscribed", "2026-11-27T10:01:00.000Z"],
    ]);
    expect(rows[0].subject).toBe("How is Everyday Tee working out, Cust1?");
    expect(rows.every((r) => r.triggerKey === `order:${900 + Number(BigInt(r.customerId) - ID)}`)).toBe(true);

    expect(await drainOutbox(ctx)).toMatchObject({ sent: 1, failed: 0 });
    expect(sentTo()).toEqual([cid(1)]);
    const payload = test.sim.recorded.flowTriggers[0].payload as Record<string, unknown>;
    expect(test.sim.recorded.flowTriggers[0].handle).toBe("rapport-message");
    expect(payload).toEqual({
      customer_id: Number(cid(1)),
      Subject: "How is Everyday Tee working out, Cust1?",
      Body: expect.stringContaining("your order #901"),
      "Call to action URL": `https://${shop}/products/everyday-tee`,
      Campaign: "7-day check-in",
      Pillar: "lifecycle",
    });

    // The same tick again, and the outbox again: nothing new.
    expect((await tickShop(ctx, shop)).inserted).toBe(0);
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0 });

    ctx.clock.set("2026-11-27T16:00:00Z");
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 1 });
    expect(sentTo()).toEqual([cid(1), cid(3)]);
  });

  it("a consent withdrawn while a message waits suppresses it at send time", async () => {
    await freshStore([subscriber(1)]);
    await database.pool.query(`UPDATE "Customer" SET timezone = 'Asia/Tokyo' WHERE id = $1`, [cid(1)]);
    await seedStore(database.pool, shop, {
      orders: [{ id: 901, customerId: cid(1), processedAt: T0, productIds: [101] }],
    });
    await computeTestProfiles(database.pool, shop, new Date(T0.getTime() + 8 * DAY));
    await activeCampaign("lifecycle", "lifecycle-day-7");
    ctx.clock.set(new Date(T0.getTime() + 7 * DAY + 60_000)); // 19:01 in Tokyo: quiet until 08:00
    await tickShop(ctx, shop);
    await database.pool.query(`UPDATE "Customer" SET "emailMarketing" = 'UNSUBSCRIBED' WHERE id = $1`, [cid(1)]);
    ctx.clock.set("2026-11-28T00:00:00Z");
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, suppressed: 1 });
    expect((await messages())[0]).toMatchObject({ status: "suppressed", reason: "consent_unsubscribed at send time" });
    expect(sentTo()).toEqual([]);
  });
});

describe("frequency cap across campaigns", () => {
  it("defers within the validity window and drops after it, with the reason", async () => {
    await freshStore([subscriber(1), subscriber(2), subscriber(3)]);
    await seedStore(database.pool, shop, {
      orders: [1, 2, 3].map((i) => ({ id: 900 + i, customerId: cid(i), processedAt: T0, productIds: [101] })),
    });
    await computeTestProfiles(database.pool, shop, new Date(T0.getTime() + 8 * DAY));
    const other = await createCampaign(database, shop, {
      name: "Earlier",
      pillar: "loyalty",
      definition: pillarSegment("loyalty"),
      trigger: { kind: "relaunch" },
      subject: "s",
      body: "b",
      ctaUrl: "",
    });
    expect(other.ok).toBe(true);
    const otherId = other.ok ? other.campaign.id : "";
    // Customer 1 got a message 6 days before the check-in is due, customer 2 one 2 days before.
    await database.prisma.message.createMany({
      data: [
        {
          shop,
          campaignId: otherId,
          customerId: BigInt(cid(1)),
          triggerKey: "x",
          status: "sent",
          scheduledFor: new Date("2026-11-21T12:00:00Z"),
          sentAt: new Date("2026-11-21T12:00:00Z"),
        },
        {
          shop,
          campaignId: otherId,
          customerId: BigInt(cid(2)),
          triggerKey: "x",
          status: "sent",
          scheduledFor: new Date("2026-11-25T12:00:00Z"),
          sentAt: new Date("2026-11-25T12:00:00Z"),
        },
      ],
    });
    const campaign = await activeCampaign("lifecycle", "lifecycle-day-7");
    ctx.clock.set(new Date(T0.getTime() + 7 * DAY));
    await tickShop(ctx, shop);
    const rows = (await messages()).filter((r) => r.triggerKey !== "x");
    expect(rows.map((r) => [r.customerId, r.status, r.scheduledFor])).toEqual([
      [cid(1), "pending", "2026-11-28T12:00:00.000Z"],
      [cid(2), "suppressed", "2026-11-27T10:00:00.000Z"],
      [cid(3), "pending", "2026-11-27T10:00:00.000Z"],
    ]);
    expect(rows[0].reason).toBe("deferred: frequency_cap");
    expect(rows[1].reason).toMatch(
      /^frequency_cap: next allowed 2026-12-02T12:00:00.000Z is after the campaign's validity/,
    );
    expect(campaign.trigger).toMatchObject({ delayDays: 7 });

    await drainOutbox(ctx);
    expect(sentTo()).toEqual([cid(3)]);
    ctx.clock.set("2026-11-28T12:00:00Z");
    await drainOutbox(ctx);
    expect(sentTo()).toEqual([cid(1), cid(3)]);
  });
});

describe("holdout", () => {
  it("records held-out customers, stable per customer, and never sends to them", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    await freshStore(ids.map((i) => subscriber(i)));
    await seedStore(database.pool, shop, {
      orders: ids.map((i) => ({ id: 900 + i, customerId: cid(i), processedAt: T0, productIds: [101] })),
    });
    await computeTestProfiles(database.pool, shop, new Date(T0.getTime() + 8 * DAY));
    const campaign = await activeCampaign("lifecycle", "lifecycle-day-7", { holdoutPercent: 30 });
    ctx.clock.set(new Date(T0.getTime() + 7 * DAY));
    await tickShop(ctx, shop);
    await drainOutbox(ctx);
    const rows = await messages();
    const held = rows.filter((r) => r.status === "held_out").map((r) => r.customerId);
    const expected = ids.map(cid).filter((id) => isHeldOut(campaign.id, BigInt(id), 30));
    expect(held).toEqual(expected);
    expect(held.length).toBeGreaterThan(3);
    expect(held.length).toBeLessThan(25);
    expect(rows.filter((r) => r.status === "held_out").every((r) => r.reason === "holdout" && r.subject !== "")).toBe(
      true,
    );
    expect(sentTo()).toEqual(
      ids
        .map(cid)
        .filter((id) => !held.includes(id))
        .sort(),
    );
  });
});

describe("milestone, relaunch and schedule triggers", () => {
  it("a newly reached milestone triggers the loyalty thank-you once", async () => {
    await freshStore([subscriber(1), subscriber(2)]);
    await seedStore(database.pool, shop, {
      profiles: [
        { customerId: cid(1), orderCount: 10, netSpend: "900" },
        { customerId: cid(2), orderCount: 10, netSpend: "900" },
      ],
      // Customer 2's milestone is older than the trigger's 14-day validity: no surprise backlog.
      milestones: [
        { customerId: cid(1), kind: "order_count", threshold: "10", reachedAt: new Date(T0.getTime() - HOUR) },
        { customerId: cid(2), kind: "order_count", threshold: "10", reachedAt: new Date(T0.getTime() - 20 * DAY) },
      ],
    });
    await activeCampaign("loyalty", "loyalty-thank-you");
    await tickShop(ctx, shop);
    await tickShop(ctx, shop);
    const rows = await messages();
    expect(rows.map((r) => [r.customerId, r.status, r.triggerKey])).toEqual([
      [cid(1), "pending", "milestone:order_count:10"],
    ]);
    expect(rows[0].subject).toBe("Cust1, thank you for your 10th order");
  });

  it("a milestone found late (by the first sync) never sends, even inside the trigger's window", async () => {
    await freshStore([subscriber(1), subscriber(2), subscriber(3)]);
    const firstSync = new Date(T0.getTime() - 5 * 60_000);
    await seedStore(database.pool, shop, {
      profiles: [1, 2, 3].map((i) => ({ customerId: cid(i), orderCount: 10, netSpend: "900" })),
      milestones: [
        // Reached an hour before the first sync recorded it: news, sent.
        {
          customerId: cid(1),
          kind: "order_count",
          threshold: "10",
          reachedAt: new Date(firstSync.getTime() - HOUR),
          recordedAt: firstSync,
        },
        // Reached 10 days before the first sync (inside the 14-day window) and only found by it.
        {
          customerId: cid(2),
          kind: "order_count",
          threshold: "10",
          reachedAt: new Date(T0.getTime() - 10 * DAY),
          recordedAt: firstSync,
        },
        // A second anniversary passed months before the first sync.
        {
          customerId: cid(3),
          kind: "anniversary_years",
          threshold: "2",
          reachedAt: new Date(T0.getTime() - 120 * DAY),
          recordedAt: firstSync,
        },
      ],
    });
    await activeCampaign("loyalty", "loyalty-thank-you");
    await tickShop(ctx, shop);
    expect((await messages()).map((r) => [r.customerId, r.triggerKey])).toEqual([[cid(1), "milestone:order_count:10"]]);
  });

  it("a relaunch triggers early access for customers who returned the product for fit", async () => {
    await freshStore([subscriber(1), subscriber(2)]);
    await seedStore(database.pool, shop, {
      orders: [1, 2].map((i) => ({
        id: 900 + i,
        customerId: cid(i),
        processedAt: new Date(T0.getTime() - 60 * DAY),
        productIds: [101],
      })),
      returns: [
        {
          id: 1,
          orderId: 901,
          customerId: cid(1),
          productId: 101,
          reasonHandle: "size-too-small",
          createdAt: new Date(T0.getTime() - 50 * DAY),
        },
        {
          id: 2,
          orderId: 902,
          customerId: cid(2),
          productId: 101,
          reasonHandle: "unwanted",
          createdAt: new Date(T0.getTime() - 50 * DAY),
        },
      ],
      mappings: [{ productId: 101, relaunchedAt: new Date(T0.getTime() + 2 * DAY) }],
    });
    await database.pool.query(`UPDATE "ProductMapping" SET "relaunchNote" = 'a roomier fit' WHERE "productId" = 101`);
    await activeCampaign("reengagement", "reengagement-relaunch");
    expect((await tickShop(ctx, shop)).inserted).toBe(0); // not relaunched yet
    ctx.clock.set(new Date(T0.getTime() + 2 * DAY + HOUR));
    expect((await tickShop(ctx, shop)).inserted).toBe(1); // customer 2's reason does not qualify
    await drainOutbox(ctx);
    expect(sentTo()).toEqual([cid(1)]);
    const payload = test.sim.recorded.flowTriggers[0].payload as Record<string, string>;
    expect(payload.Body).toContain("We've changed it: a roomier fit.");
    expect(payload["Call to action URL"]).toBe(`https://${shop}/products/everyday-tee`);
  });

  it("a daily schedule fires once per occurrence; the cap holds the next day", async () => {
    await freshStore([subscriber(1), subscriber(2, { emailMarketing: "UNSUBSCRIBED" })]);
    const created = await createCampaign(database, shop, {
      name: "Daily note",
      pillar: "loyalty",
      holdoutPercent: 0,
      definition: { type: "tag", match: "any", tags: ["never"] },
      trigger: { kind: "schedule", time: "09:00" },
      subject: "Hello {{ customer.first_name }}",
      body: "Body",
      ctaUrl: "{{ shop.url }}",
    });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.campaign.id : "";
    // Everyone (the tag rule matches nobody, so switch to a NOT of it).
    expect(
      await updateCampaign(database, shop, id, {
        definition: { type: "not", rule: { type: "tag", match: "any", tags: ["never"] } },
      }),
    ).toMatchObject({ ok: true });
    await activateCampaign(ctx, shop, id);
    ctx.clock.set("2026-11-20T08:59:00Z");
    await tickShop(ctx, shop); // yesterday's 09:00 is still within its 1-day validity
    const first = await messages();
    expect(first.map((r) => r.triggerKey)).toEqual([
      "schedule:2026-11-19T09:00:00.000Z",
      "schedule:2026-11-19T09:00:00.000Z",
    ]);
    ctx.clock.set("2026-11-20T09:05:00Z");
    await tickShop(ctx, shop);
    await tickShop(ctx, shop);
    const rows = await messages();
    expect(
      rows.filter((r) => r.triggerKey === "schedule:2026-11-20T09:00:00.000Z").map((r) => [r.customerId, r.status]),
    ).toEqual([
      [cid(1), "suppressed"], // the cap: one message a day before, next allowed after this occurrence's validity
      [cid(2), "suppressed"],
    ]);
  });
});

describe("money and dates in the rendered message", () => {
  it("follow the shop currency's digits and each customer's locale (en-US when unknown)", async () => {
    await freshStore([subscriber(1), subscriber(2), subscriber(3)]);
    await database.prisma.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, currencyCode: "JPY" },
      update: { currencyCode: "JPY" },
    });
    await database.pool.query(
      `UPDATE "Customer" SET locale = CASE id WHEN $1::int8 THEN 'de-DE' WHEN $2::int8 THEN 'not a locale!' END WHERE id IN ($1, $2)`,
      [cid(1), cid(2)],
    );
    await seedStore(database.pool, shop, {
      orders: [1, 2, 3].map((i) => ({
        id: 950 + i,
        customerId: cid(i),
        processedAt: T0,
        totalPrice: "1234.5000",
        productIds: [101],
      })),
    });
    const created = await createCampaign(database, shop, {
      name: "Receipt",
      pillar: "loyalty",
      holdoutPercent: 0,
      definition: { type: "not", rule: { type: "tag", match: "any", tags: ["never"] } },
      trigger: { kind: "schedule", time: "09:00" },
      subject: "{{ last_order.total }} / {{ last_order.date }}",
      body: "Body",
      ctaUrl: "{{ shop.url }}",
    });
    expect(created.ok).toBe(true);
    await activateCampaign(ctx, shop, created.ok ? created.campaign.id : "");
    ctx.clock.set("2026-11-21T09:05:00Z");
    await tickShop(ctx, shop);
    expect((await messages()).map((r) => [r.customerId, r.subject.replace(/[\u00A0\u202F]/g, " ")])).toEqual([
      [cid(1), "1.235 ¥ / 20. November 2026"],
      [cid(2), "¥1,235 / November 20, 2026"],
      [cid(3), "¥1,235 / November 20, 2026"],
    ]);
  });
});

describe("task chain", () => {
  it("campaigns.tick materialises and enqueues campaigns.send; send drains and re-enqueues for the next due message", async () => {
    await freshStore([subscriber(1), subscriber(3)]);
    await database.pool.query(`UPDATE "Customer" SET timezone = 'America/Los_Angeles' WHERE id = $1`, [cid(3)]);
    await seedStore(database.pool, shop, {
      orders: [1, 3].map((i) => ({ id: 900 + i, customerId: cid(i), processedAt: T0, productIds: [101] })),
    });
    await computeTestProfiles(database.pool, shop, new Date(T0.getTime() + 8 * DAY));
    await activeCampaign("lifecycle", "lifecycle-day-7");
    ctx.queue.take("campaigns.tick");
    ctx.clock.set(new Date(T0.getTime() + 7 * DAY + 60_000));
    await campaignTasks["campaigns.tick"]({ shop }, ctx);
    const [sendNow] = ctx.queue.take("campaigns.send");
    expect(sendNow).toMatchObject({
      payload: { shop },
      options: { runAt: ctx.clock.now(), queueName: `campaigns-send:${shop}` },
    });
    await campaignTasks["campaigns.send"]({ shop }, ctx);
    expect(sentTo()).toEqual([cid(1)]);
    expect(ctx.queue.take("campaigns.send").map((j) => j.options.runAt?.toISOString())).toEqual([
      "2026-11-27T16:00:00.000Z",
    ]);
    ctx.clock.set("2026-11-27T16:00:00Z");
    await campaignTasks["campaigns.send"]({ shop }, ctx);
    expect(sentTo()).toEqual([cid(1), cid(3)]);
    expect(ctx.queue.take("campaigns.send")).toEqual([]);
    await expect(campaignTasks["campaigns.tick"]({ nope: 1 }, ctx)).rejects.toThrow();
  });
});

describe("campaigns.onOrder", () => {
  it("schedules a tick for when each event campaign's delay elapses", async () => {
    await freshStore([subscriber(1)]);
    await seedStore(database.pool, shop, {
      orders: [{ id: 901, customerId: cid(1), processedAt: T0, productIds: [101] }],
    });
    await activeCampaign("lifecycle", "lifecycle-day-7");
    await activeCampaign("lifecycle", "lifecycle-day-30");
    await activeCampaign("loyalty", "loyalty-thank-you");
    ctx.queue.take("campaigns.tick");
    await campaignTasks["campaigns.onOrder"]({ shop, orderId: "901", customerId: cid(1) }, ctx);
    const ticks = ctx.queue
      .take("campaigns.tick")
      .map((j) => j.options.runAt?.toISOString())
      .sort();
    expect(ticks).toEqual(["2026-11-20T10:05:00.000Z", "2026-11-27T10:00:00.000Z", "2026-12-20T10:00:00.000Z"]);
  });

  it("runs a tick that is already due at once, not at the next whole minute, under one key for the orders that share it", async () => {
    await freshStore([subscriber(1)]);
    await seedStore(database.pool, shop, {
      orders: [{ id: 901, customerId: cid(1), processedAt: T0, productIds: [101] }],
    });
    await activeCampaign("lifecycle", "lifecycle-day-7");
    ctx.queue.take("campaigns.tick");
    // The webhook arrives late: the 7-day check-in is already 30 s overdue.
    ctx.clock.set(new Date(T0.getTime() + 7 * DAY + 30_000));
    await campaignTasks["campaigns.onOrder"]({ shop, orderId: "901", customerId: cid(1) }, ctx);
    await campaignTasks["campaigns.onOrder"]({ shop, orderId: "901", customerId: cid(1) }, ctx);
    // The test queue keeps one job per key, as graphile-worker does for a job not yet running.
    const ticks = ctx.queue.take("campaigns.tick").map((j) => j.options);
    expect(ticks.map((o) => o.runAt?.toISOString())).toEqual(["2026-11-27T10:00:30.000Z"]);
    expect(ticks.map((o) => o.jobKey)).toEqual([`campaigns.tick:${shop}:now`]);
    // Ahead of any backlog of webhooks (decision 0212).
    expect(ticks.map((o) => o.priority)).toEqual([MESSAGE_PATH_PRIORITY]);
  });
});
