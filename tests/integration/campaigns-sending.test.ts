// The outbox against the simulator over HTTP: retries on 5xx and THROTTLED, permanent userErrors
// kept with their reason, and a worker crash mid-batch that sends nothing twice.
import { afterEach, describe, expect, it } from "vitest";
import { drainOutbox } from "~/delivery/outbox.server";
import { activateCampaign, createCampaign } from "~/campaigns/service.server";
import { sendingCheck } from "~/web/screens/sending-check.server";
import type { AdminFactory, AdminGraphql } from "~/shopify/admin";
import { campaignContext, testClock, type CampaignTestContext } from "~tests/support/campaigns";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { seedStore } from "~tests/support/segment-store";
import { startTestSimulator, type TestSimulator } from "~tests/support/simulator";

const ID = 7_000_000_000_000n;
const cid = (i: number) => String(ID + BigInt(i));
const NOW = new Date("2026-11-27T12:00:00Z");

let database: TestDatabase;
let test: TestSimulator;
let ctx: CampaignTestContext;
let shop: string;

async function setUp(
  options: Parameters<typeof startTestSimulator>[0],
  count: number,
  retry: Parameters<typeof campaignContext>[3] = {},
): Promise<string> {
  test = await startTestSimulator({ customers: 20, ...options });
  shop = test.sim.shop;
  await test.admin.request("{ shop { name } }");
  database = await createTestDatabase();
  ctx = await campaignContext(database, test.sim, testClock(NOW), retry);
  const ids = Array.from({ length: count }, (_, i) => i + 1);
  await seedStore(database.pool, shop, {
    customers: ids.map((i) => ({
      id: cid(i),
      firstName: `C${i}`,
      email: `c${i}@example.com`,
      emailMarketing: "SUBSCRIBED",
    })),
  });
  const created = await createCampaign(database, shop, {
    name: "Outbox test",
    pillar: "loyalty",
    holdoutPercent: 0,
    definition: { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
    trigger: { kind: "relaunch" },
    subject: "Hi {{ customer.first_name }}",
    body: "Body",
    ctaUrl: "{{ shop.url }}",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  await activateCampaign(ctx, shop, created.campaign.id);
  await database.prisma.message.createMany({
    data: ids.map((i) => ({
      shop,
      campaignId: created.campaign.id,
      customerId: BigInt(cid(i)),
      triggerKey: "t",
      status: "pending",
      subject: `Hi C${i}`,
      body: "Body",
      ctaUrl: `https://${shop}`,
      scheduledFor: NOW,
    })),
  });
  return created.campaign.id;
}

afterEach(async () => {
  await database?.drop();
  await test?.stop();
});

const statuses = async () =>
  (await database.prisma.message.findMany({ orderBy: { customerId: "asc" } })).map((m) => m.status);
const sentCounts = () => {
  const counts = new Map<string, number>();
  for (const f of test.sim.recorded.flowTriggers)
    counts.set(String(f.customerId), (counts.get(String(f.customerId)) ?? 0) + 1);
  return counts;
};

describe("retries", () => {
  it("a 5xx puts the message back with backoff (the client never repeats a trigger itself), then it is sent once", async () => {
    await setUp({}, 1, { maxAttempts: 2 });
    test.sim.faults.inject({ kind: "error", status: 503, count: 1, operationName: "FlowTriggerReceive" });
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, retried: 1 });
    const [waiting] = await database.prisma.message.findMany();
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(waiting.lastError).toMatch(/^server: Admin API answered 503/);
    expect(waiting.scheduledFor.getTime()).toBe(NOW.getTime() + 30_000);
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0 }); // not due yet
    ctx.clock.advance(30_000);
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 1 });
    expect(await statuses()).toEqual(["sent"]);
    expect(test.sim.recorded.flowTriggers).toHaveLength(1);
  });

  it("a timed-out trigger may have been delivered: it is failed with that reason and never sent again", async () => {
    await setUp({}, 1, { maxAttempts: 3, timeoutMs: 300 });
    test.sim.faults.inject({ kind: "timeout", count: 1, operationName: "FlowTriggerReceive" });
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, failed: 1 });
    const [failed] = await database.prisma.message.findMany();
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatch(/^outcome unknown: .*not sent again$/);
    ctx.clock.advance(3_600_000);
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, failed: 0 });
  });

  it("THROTTLED past the client's own waits: the outbox retries soon, without using up an attempt", async () => {
    await setUp({}, 3, { maxAttempts: 1, maxThrottledAttempts: 1 });
    test.sim.rateLimit.setRestoreRate(0.1); // 100 s to earn one call: empty however slow this machine is
    test.sim.rateLimit.drain(0);
    expect(await drainOutbox(ctx, { concurrency: 1 })).toMatchObject({ sent: 0, retried: 3 });
    const waiting = await database.prisma.message.findMany();
    expect(
      waiting.every((m) => m.lastError?.startsWith("throttled:") && m.attempts === 0 && m.status === "pending"),
    ).toBe(true);
    test.sim.rateLimit.setRestoreRate(1000);
    test.sim.rateLimit.drain(2000);
    ctx.clock.advance(60_000);
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 3 });
    expect([...sentCounts().values()]).toEqual([1, 1, 1]);
  });

  it("gives up after the attempt limit and keeps the reason", async () => {
    await setUp({}, 1, { maxAttempts: 1 });
    test.sim.faults.inject({ kind: "error", status: 500, count: 10, operationName: "FlowTriggerReceive" });
    for (let i = 0; i < 3; i++) {
      await drainOutbox(ctx, { maxAttempts: 3 });
      ctx.clock.advance(10 * 60_000);
    }
    const [m] = await database.prisma.message.findMany();
    expect(m).toMatchObject({ status: "failed", attempts: 3 });
    expect(m.lastError).toMatch(/^gave up after 3 attempts: server: Admin API answered 500/);
  });
});

describe("expiring offline token", () => {
  it("expired before a drain: the concurrent sends refresh it once, every message is sent once, none failed", async () => {
    await setUp({}, 12);
    test.sim.clock.advance({ hours: 2 });
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 12, failed: 0, retried: 0 });
    expect(await statuses()).toEqual(Array(12).fill("sent"));
    expect([...sentCounts().values()]).toEqual(Array(12).fill(1));
    expect(test.sim.tokens.refreshes()).toBe(1);
  });
});

describe("call-to-action links", () => {
  it("are rewritten per message by the ctaLink hook (click tracking) in the Flow payload", async () => {
    await setUp({}, 1);
    await drainOutbox(ctx, { ctaLink: (m) => `${m.ctaUrl}/r/${m.id}` });
    const [m] = await database.prisma.message.findMany();
    expect((test.sim.recorded.flowTriggers[0].payload as Record<string, string>)["Call to action URL"]).toBe(
      `https://${shop}/r/${m.id}`,
    );
    expect(m.ctaUrl).toBe(`https://${shop}`);
  });
});

describe("permanent failures", () => {
  it("userErrors (unknown trigger handle) fail the message with Shopify's message, shown and not retried", async () => {
    await setUp({ flowTriggerHandles: ["something-else"] }, 2);
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, failed: 2 });
    ctx.clock.advance(24 * 3_600_000);
    expect(await drainOutbox(ctx)).toMatchObject({ failed: 0, sent: 0 });
    const reason = "user: body: Errors validating schema:\n  Invalid handle 'rapport-message'.";
    const failed = await database.prisma.message.findMany({ where: { shop, status: "failed" } });
    expect(failed.map((m) => [m.lastError, m.attempts])).toEqual([
      [reason, 1],
      [reason, 1],
    ]);
    // What the merchant sees: Settings → "Check the sending setup".
    const check = await sendingCheck(ctx, shop);
    expect(check.state).toBe("failing");
    expect(check.failedMessages.map((m) => [m.campaign, m.error])).toEqual([
      ["Outbox test", reason],
      ["Outbox test", reason],
    ]);
  });
});

describe("crash between rendering and sending", () => {
  it("a worker killed mid-batch and restarted sends nothing twice", async () => {
    await setUp({}, 10);
    // The worker 'dies' during its 4th Flow call: the request reaches Shopify, the answer never
    // comes back, and nothing after it runs (its drain promise is abandoned like a dead process).
    const crash = new AbortController();
    let calls = 0;
    const real = ctx.admin;
    const dying: AdminFactory = async (s) => {
      const admin = await real(s);
      const wrapped: AdminGraphql = {
        async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
          calls++;
          if (calls < 4) return admin.request<T>(document, variables);
          await admin.request(document, variables);
          crash.abort();
          return new Promise<T>(() => undefined);
        },
      };
      return wrapped;
    };
    void drainOutbox({ ...ctx, admin: dying }, { concurrency: 1, batchSize: 100, signal: crash.signal });
    await new Promise<void>((resolve) => crash.signal.addEventListener("abort", () => resolve()));
    await new Promise((r) => setTimeout(r, 200));
    expect(test.sim.recorded.flowTriggers).toHaveLength(4);
    const afterCrash = await statuses();
    expect(afterCrash.filter((s) => s === "sent")).toHaveLength(3);
    expect(afterCrash.filter((s) => s === "sending")).toHaveLength(7); // claimed, 1 mid-call, 6 never called

    // Restarted before the lease expires: nothing is touched.
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, reclaimed: 0, unknown: 0 });
    // After the lease: the 6 never called are sent, the one mid-call is not resent.
    ctx.clock.advance(6 * 60_000);
    expect(await drainOutbox(ctx)).toMatchObject({ sent: 6, reclaimed: 6, unknown: 1 });
    const counts = sentCounts();
    expect(counts.size).toBe(10);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const unknown = await database.prisma.message.findMany({ where: { status: "failed" } });
    expect(unknown).toHaveLength(1);
    expect(unknown[0].lastError).toMatch(/^outcome unknown/);
    expect(test.sim.recorded.flowTriggers.map((f) => String(f.customerId))).toContain(unknown[0].customerId.toString());
  });
});
