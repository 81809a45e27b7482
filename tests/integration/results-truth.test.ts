// Truth check (issue 7 §5): on simulated stores with a planted message effect, the measured
// lift's 95% interval covers the true lift in ≥ 90% of seeds, and attribution in PostgreSQL
// finds exactly the orders the simulator says fall in each messaged customer's window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { windowOutcomes, attributeOrders as attributeInMemory } from "~/attribution/rules/attribution";
import { computeLift, summariseGroup } from "~/attribution/rules/lift";
import { memoryLogger } from "~/logger.server";
import { attributeShop } from "~/attribution/attribution.server";
import { signedCtaUrl } from "~/delivery/click-token.server";
import { handleClick } from "~/delivery/clicks.server";
import { armSummaries } from "~/attribution/lift.server";
import { armSeries } from "~/attribution/arm-series.server";
import { campaignReport } from "~/attribution/reports.server";
import { SimulatorCore } from "~sim/core";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { insertCampaigns, insertMessages, insertOrders } from "~tests/support/results-rows";
import {
  messageId,
  ordersAsOf,
  planCampaign,
  toOrderRows,
  touchesOf,
  trueConversionLift,
} from "~tests/support/results-sim";
import { simulatorAdmin, startTestSimulator, type TestSimulator } from "~tests/support/simulator";
import { ingestContext, installShop } from "~tests/support/ingest";
import { backfillRunFor, runBackfill } from "~/ingest/tasks.server";
import { resultsTasks } from "~/attribution/tasks.server";
import { startSimulator, type Simulator } from "~sim/index";

const DAY_MS = 86_400_000;
const EFFECT = 0.08;
const WINDOW_DAYS = 7;

describe("measured lift against the simulator's planted effect", () => {
  it("covers the true conversion lift in at least 90% of 40 seeds", () => {
    let covered = 0;
    let reported = 0;
    const misses: string[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const core = new SimulatorCore({
        customers: 1000,
        seed,
        effect: { extraConversionProbability: EFFECT, windowDays: WINDOW_DAYS },
      });
      const sendAt = core.clock.now();
      const plan = planCampaign(core.store, {
        campaignId: `c${seed}`,
        sendAt,
        windowDays: WINDOW_DAYS,
        holdoutShare: 0.3,
        seed,
      });
      // What flowTriggerReceive does for each accepted message (simulator/graphql/mutations.ts).
      plan.messaged.forEach((customerId, i) => core.activity.messageSent(customerId, i + 1));
      const orders = ordersAsOf(core.store, sendAt + (WINDOW_DAYS + 1) * DAY_MS);
      const outcomes = windowOutcomes(touchesOf(plan), orders);
      const lift = computeLift(
        summariseGroup(outcomes.filter((o) => !o.heldOut)),
        summariseGroup(outcomes.filter((o) => o.heldOut)),
      );
      if (lift.conversionRate.status !== "ok") continue;
      reported += 1;
      const truth = trueConversionLift(plan, orders, EFFECT);
      const { low, high } = lift.conversionRate.interval;
      if (low <= truth && truth <= high) covered += 1;
      else misses.push(`seed ${seed}: true ${truth.toFixed(4)} outside [${low.toFixed(4)}, ${high.toFixed(4)}]`);
    }
    expect(reported).toBe(40);
    expect(covered / reported, misses.join("; ")).toBeGreaterThanOrEqual(0.9);
  });
});

describe("one simulated campaign end to end through PostgreSQL", () => {
  const secret = "truth-test-secret";
  let db: TestDatabase;
  let test: TestSimulator;
  let plan: ReturnType<typeof planCampaign>;
  let orders: ReturnType<typeof ordersAsOf>;
  let measuredAt: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    test = await startTestSimulator({
      customers: 900,
      seed: 4242,
      plan: "enterprise",
      effect: { extraConversionProbability: 0.1, windowDays: WINDOW_DAYS },
    });
    test.sim.rateLimit.setRestoreRate(1_000_000);
    const shop = test.sim.shop;
    const sendAt = test.sim.clock.now().getTime();
    plan = planCampaign(test.sim.store, {
      campaignId: "truth",
      sendAt,
      windowDays: WINDOW_DAYS,
      holdoutShare: 0.3,
      seed: 4242,
    });
    await insertCampaigns(db, shop, [{ id: "truth", pillar: "loyalty", attributionDays: WINDOW_DAYS }]);
    // Send through Shopify's protocol: the simulator plants its effect on accepted triggers.
    for (const customerId of plan.messaged) {
      const cta = signedCtaUrl({
        secret,
        proxyBase: `https://${shop}/apps/rapport`,
        messageId: messageId("truth", customerId),
        destination: `https://${shop}/products/x`,
      });
      const result = await test.admin.request<{ flowTriggerReceive: { userErrors: { message: string }[] } }>(
        `mutation Send($handle: String!, $payload: JSON!) { flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } } }`,
        { handle: "rapport-message", payload: { customer_id: customerId, cta_url: cta } },
      );
      expect(result.flowTriggerReceive.userErrors).toEqual([]);
    }
    await insertMessages(db, shop, [
      ...plan.messaged.map((id) => ({
        id: messageId("truth", id),
        campaignId: "truth",
        customerId: BigInt(id),
        status: "sent" as const,
        scheduledFor: new Date(sendAt),
        sentAt: new Date(sendAt),
      })),
      ...plan.holdout.map((id) => ({
        id: messageId("truth", id),
        campaignId: "truth",
        customerId: BigInt(id),
        status: "held_out" as const,
        scheduledFor: new Date(sendAt),
      })),
    ]);
    test.sim.clock.advance({ days: WINDOW_DAYS + 1 });
    measuredAt = test.sim.clock.now().getTime();
    orders = ordersAsOf(test.sim.store, measuredAt);
    await insertOrders(db, shop, toOrderRows(orders, measuredAt));
    await attributeShop(db, shop);
  }, 120_000);
  afterAll(async () => {
    await test?.stop();
    await db?.drop();
  });

  it("attributes exactly the simulator's in-window orders of messaged customers, every message-caused order included", async () => {
    const rows = await db.prisma.conversion.findMany({ where: { shop: test.sim.shop }, orderBy: { orderId: "asc" } });
    const messaged = new Set(plan.messaged.map(BigInt));
    const start = plan.sendAt;
    const end = plan.sendAt + WINDOW_DAYS * DAY_MS;
    const expected = orders
      .filter((o) => o.customerId !== null && messaged.has(o.customerId) && !o.cancelled && !o.test)
      .filter((o) => o.processedAt.getTime() > start && o.processedAt.getTime() <= end)
      .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    expect(rows.map((r) => [r.orderId, r.messageId])).toEqual(
      expected.map((o) => [o.orderId, messageId("truth", Number(o.customerId))]),
    );
    const caused = test.sim.truth.messageOrders();
    expect(caused.length).toBeGreaterThan(20);
    const attributed = new Set(rows.map((r) => r.orderId));
    for (const order of caused) expect(attributed.has(BigInt(order.id))).toBe(true);
    // The simulator's own count of converters among the messaged customers.
    const truth = test.sim.truth.conversion(plan.messaged, new Date(start), new Date(end));
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(truth.baselineConverters + truth.incrementalConverters);
    // And the revenue equals the in-memory rule on the same orders.
    const inMemory = attributeInMemory(touchesOf(plan), orders);
    const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100);
    expect(sum(rows.map((r) => Number(r.revenue)))).toBe(sum(inMemory.map((r) => r.revenue)));
  });

  it("computes the same lift in SQL as in memory, and its interval covers the true lift", async () => {
    const arms = (await armSummaries(db, test.sim.shop, ["truth"], "campaignId")).get("truth")!;
    const outcomes = windowOutcomes(touchesOf(plan), orders);
    const messaged = summariseGroup(outcomes.filter((o) => !o.heldOut));
    const holdout = summariseGroup(outcomes.filter((o) => o.heldOut));
    expect(arms.messaged).toEqual({
      ...messaged,
      revenueMean: expect.closeTo(messaged.revenueMean, 6),
      revenueVariance: expect.closeTo(messaged.revenueVariance, 4),
    });
    expect(arms.holdout).toEqual({
      ...holdout,
      revenueMean: expect.closeTo(holdout.revenueMean, 6),
      revenueVariance: expect.closeTo(holdout.revenueVariance, 4),
    });
    const lift = computeLift(arms.messaged, arms.holdout);
    expect(lift.conversionRate.status).toBe("ok");
    if (lift.conversionRate.status !== "ok") return;
    const truth = trueConversionLift(plan, orders, 0.1);
    expect(lift.conversionRate.interval.low).toBeLessThanOrEqual(truth);
    expect(lift.conversionRate.interval.high).toBeGreaterThanOrEqual(truth);
  });

  it("counts conversion over time per arm with the lift's window rule (Reports' messaged vs held-out chart)", async () => {
    const arms = (await armSummaries(db, test.sim.shop, ["truth"], "campaignId")).get("truth")!;
    const points = await armSeries(db, test.sim.shop, ["truth"], "day", "UTC");
    // Every touch was at sendAt: one period, the same customers and converters as the lift.
    expect(points).toEqual([
      {
        period: new Date(plan.sendAt).toISOString().slice(0, 10),
        messaged: arms.messaged.customers,
        messagedConverted: arms.messaged.converted,
        heldOut: arms.holdout.customers,
        heldOutConverted: arms.holdout.converted,
      },
    ]);
    expect(arms.messaged.converted).toBeGreaterThan(0);
    expect(await armSeries(db, test.sim.shop, [], "day", "UTC")).toEqual([]);
  });

  it("reports the campaign with its clicks, conversions and lift", async () => {
    const ctx = { db, now: () => new Date(measuredAt), log: memoryLogger(), appSecret: secret };
    const clickers = plan.messaged.slice(0, 7);
    for (const customerId of [...clickers, clickers[0]]) {
      const recorded = test.sim.recorded.flowTriggers.find((t) => t.customerId === customerId)!;
      const url = (recorded.payload as { cta_url: string }).cta_url;
      const result = await handleClick(ctx, {
        token: url.split("/r/")[1],
        shop: test.sim.shop,
        method: "GET",
        userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
      });
      expect(result.status).toBe(302);
    }
    const report = (await campaignReport({ db }, test.sim.shop, "truth"))!;
    const conversions = await db.prisma.conversion.findMany({ where: { shop: test.sim.shop } });
    expect(report.totals).toMatchObject({
      sent: plan.messaged.length,
      heldOut: plan.holdout.length,
      failed: 0,
      clicked: 7,
      orders: conversions.length,
      converted: new Set(conversions.map((c) => c.customerId)).size,
    });
    expect(report.lift.messagedCustomers).toBe(plan.messaged.length);
    expect(report.series.reduce((sum, point) => sum + point.sent, 0)).toBe(plan.messaged.length);
    expect(report.series.reduce((sum, point) => sum + point.converted, 0)).toBe(conversions.length);
  });
});

describe("the same check with orders landed by the app's own ingestion (backfill over HTTP)", () => {
  let db: TestDatabase;
  let sim: Simulator;
  let plan: ReturnType<typeof planCampaign>;
  let orders: ReturnType<typeof ordersAsOf>;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startSimulator({
      customers: 500,
      seed: 77,
      plan: "enterprise",
      effect: { extraConversionProbability: 0.15, windowDays: WINDOW_DAYS },
    });
    sim.rateLimit.setRestoreRate(1_000_000);
    const sendAt = sim.clock.now().getTime();
    plan = planCampaign(sim.store, {
      campaignId: "ingested",
      sendAt,
      windowDays: WINDOW_DAYS,
      holdoutShare: 0.3,
      seed: 77,
    });
    await installShop(db, sim.shop, sim.tokens.installed);
    const ctx = ingestContext(db, simulatorAdmin(sim));
    const admin = await ctx.admin(sim.shop);
    for (const customerId of plan.messaged) {
      await admin.request(
        `mutation Send($handle: String!, $payload: JSON!) { flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } } }`,
        {
          handle: "rapport-message",
          payload: { customer_id: customerId },
        },
      );
    }
    // The client may retry a slow request, so a trigger can be recorded twice; who got one is what matters.
    expect(new Set(sim.recorded.flowTriggers.map((t) => t.customerId))).toEqual(new Set(plan.messaged));
    await insertCampaigns(db, sim.shop, [{ id: "ingested", pillar: "affinity" }]);
    await insertMessages(db, sim.shop, [
      ...plan.messaged.map((id) => ({
        id: messageId("ingested", id),
        campaignId: "ingested",
        customerId: BigInt(id),
        status: "sent" as const,
        scheduledFor: new Date(sendAt),
        sentAt: new Date(sendAt),
      })),
      ...plan.holdout.map((id) => ({
        id: messageId("ingested", id),
        campaignId: "ingested",
        customerId: BigInt(id),
        status: "held_out" as const,
        scheduledFor: new Date(sendAt),
      })),
    ]);
    sim.clock.advance({ days: WINDOW_DAYS + 1 });
    orders = ordersAsOf(sim.store, sim.clock.now().getTime());
    const runId = await backfillRunFor(ctx, sim.shop);
    let outcome = "busy";
    for (let i = 0; i < 2000 && outcome !== "done"; i += 1) {
      outcome = await runBackfill(ctx, sim.shop, runId);
      if (outcome !== "done") await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(outcome).toBe("done");
    await resultsTasks["results.attribute"]({ shop: sim.shop }, ctx);
  }, 180_000);
  afterAll(async () => {
    await sim?.stop();
    await db?.drop();
  });

  it("attributes exactly the simulator's in-window orders, and the lift matches the in-memory figures", async () => {
    const rows = await db.prisma.conversion.findMany({ where: { shop: sim.shop }, orderBy: { orderId: "asc" } });
    const messaged = new Set(plan.messaged.map(BigInt));
    const end = plan.sendAt + WINDOW_DAYS * DAY_MS;
    const expected = orders
      .filter((o) => o.customerId !== null && messaged.has(o.customerId) && !o.cancelled && !o.test)
      .filter((o) => o.processedAt.getTime() > plan.sendAt && o.processedAt.getTime() <= end);
    expect(rows.map((r) => r.orderId)).toEqual(expected.map((o) => o.orderId).sort((a, b) => (a < b ? -1 : 1)));
    const caused = sim.truth.messageOrders().map((o) => BigInt(o.id));
    expect(caused.length).toBeGreaterThan(5);
    expect(caused.every((id) => rows.some((r) => r.orderId === id))).toBe(true);
    const inMemory = new Map(
      attributeInMemory(touchesOf(plan), orders).map((r) => [r.orderId, Math.round(r.revenue * 100)]),
    );
    for (const row of rows) expect(Math.round(Number(row.revenue) * 100)).toBe(inMemory.get(row.orderId));
    const arms = (await armSummaries(db, sim.shop, ["ingested"], "campaignId")).get("ingested")!;
    const outcomes = windowOutcomes(touchesOf(plan), orders);
    expect(arms.messaged.converted).toBe(outcomes.filter((o) => !o.heldOut && o.converted).length);
    expect(arms.holdout.converted).toBe(outcomes.filter((o) => o.heldOut && o.converted).length);
    expect(arms.messaged.customers + arms.holdout.customers).toBe(plan.messaged.length + plan.holdout.length);
  });
});
