// End to end on a generated store: backfilled from the simulator over HTTP, recomputed by the
// intelligence job, every ready-made pillar campaign activated, one tick and one outbox drain.
// The right customers get the right message, the guardrails hold across campaigns, and Flow
// receives each message once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainOutbox } from "~/delivery/outbox.server";
import { activateCampaign, createFromPillar, updateCampaign } from "~/campaigns/service.server";
import { tickShop } from "~/campaigns/tick.server";
import { PILLAR_IDS } from "~/segments/rules/pillars";
import { runBackfill, backfillRunFor } from "~/ingest/tasks.server";
import { recomputeShop } from "~/profile/recompute.server";
import { memoryLogger } from "~/logger.server";
import { refreshPurchaseStats } from "~/segments/purchase-stats.server";
import { startSimulator, type PillarTruth, type Simulator } from "~sim/index";
import { campaignContext, DAY, testClock, type CampaignTestContext } from "~tests/support/campaigns";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext } from "~tests/support/ingest";
import { simulatorAdmin } from "~tests/support/simulator";
import { insertRows } from "~tests/support/segment-store";

const sorted = (ids: (number | string)[]) => [...new Set(ids.map(String))].sort();

describe("pillar campaigns on a simulator store", () => {
  let sim: Simulator;
  let db: TestDatabase;
  let ctx: CampaignTestContext;
  let now: Date;
  let truth: PillarTruth;
  let rows: {
    campaign: string;
    customerId: string;
    status: string;
    reason: string | null;
    triggerKey: string;
    subject: string;
    scheduledFor: Date;
  }[];
  let consent: Map<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 400, seed: 29 });
    db = await createTestDatabase();
    now = sim.clock.now();
    ctx = await campaignContext(db, sim, testClock(now));
    const ingest = ingestContext(db, simulatorAdmin(sim));
    const runId = await backfillRunFor(ingest, sim.shop);
    let outcome = "busy";
    for (let i = 0; i < 2000 && outcome !== "done"; i += 1) {
      outcome = await runBackfill(ingest, sim.shop, runId);
      if (outcome !== "done") await new Promise((r) => setTimeout(r, 10));
    }
    expect(outcome).toBe("done");
    await recomputeShop({ db, now: () => now, log: memoryLogger() }, sim.shop);
    await insertRows(
      db.pool,
      "ProductMapping",
      sim.store.catalog
        .filter((p) => p.premiumProductId !== null || p.relaunchedAt !== null)
        .map((p) => ({
          shop: sim.shop,
          productId: String(p.id),
          premiumProductId: p.premiumProductId === null ? null : String(p.premiumProductId),
          relaunchedAt: p.relaunchedAt === null ? null : new Date(p.relaunchedAt),
          relaunchNote: "a better fit",
        })),
    );
    await refreshPurchaseStats(db, sim.shop);
    truth = sim.truth.pillars(now);

    for (const pillar of PILLAR_IDS) {
      for (const c of await createFromPillar(db, sim.shop, pillar)) {
        expect(await updateCampaign(db, sim.shop, c.id, { holdoutPercent: 0 })).toMatchObject({ ok: true });
        expect(await activateCampaign(ctx, sim.shop, c.id)).toMatchObject({ ok: true });
      }
    }
    sim.recorded.clear();
    await tickShop(ctx, sim.shop);
    await drainOutbox(ctx);
    const result = await db.pool.query(
      `SELECT c.name AS campaign, m."customerId"::text AS "customerId", m.status, m.reason, m."triggerKey", m.subject, m."scheduledFor"
         FROM "Message" m JOIN "Campaign" c ON c.shop = m.shop AND c.id = m."campaignId" ORDER BY m."customerId"`,
    );
    rows = result.rows;
    const customers = await db.pool.query<{ id: string; state: string; email: string | null }>(
      `SELECT id::text, "emailMarketing" AS state, email FROM "Customer"`,
    );
    consent = new Map(customers.rows.map((c) => [c.id, c.email ? c.state : "NO_EMAIL"]));
  }, 240_000);
  afterAll(async () => {
    await sim?.stop();
    await db?.drop();
  });

  const of = (campaign: string) => rows.filter((r) => r.campaign === campaign);

  it("has work for every pillar (so the checks below can fail)", () => {
    for (const name of ["7-day check-in", "14-day check-in", "30-day check-in", "Early access to the improved product"])
      expect(of(name).length, name).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === "pending" || r.status === "sent").length).toBeGreaterThan(3);
  });

  it.each([7, 14, 30] as const)(
    "the %i-day check-in goes to exactly the customers whose last order was that many days ago",
    (days) => {
      expect(sorted(of(`${days}-day check-in`).map((r) => r.customerId))).toEqual(sorted(truth.lifecycle[`d${days}`]));
    },
  );

  it("early access goes to customers who returned a product for fit or quality that was relaunched within 30 days", () => {
    const recent = new Set(
      sim.store.catalog
        .filter((p) => p.relaunchedAt !== null && new Date(p.relaunchedAt).getTime() > now.getTime() - 30 * DAY)
        .map((p) => String(p.id)),
    );
    const expected = truth.reengagement.filter((t) => recent.has(String(t.productId))).map((t) => t.customerId);
    expect(sorted(of("Early access to the improved product").map((r) => r.customerId))).toEqual(sorted(expected));
    const rendered = of("Early access to the improved product").filter((r) => r.status !== "suppressed");
    expect(rendered.length).toBeGreaterThan(0);
    expect(
      rendered.every(
        (r) => r.subject.endsWith("is back, and better") && !r.subject.startsWith("We listened: the improved version"),
      ),
    ).toBe(true);
  });

  it("loyalty and affinity messages go only to members of their pillar", () => {
    const loyal = new Set([...truth.loyalty.spend5k, ...truth.loyalty.orders10, ...truth.loyalty.tenure2y].map(String));
    expect(of("VIP thank-you").every((r) => loyal.has(r.customerId) && r.triggerKey.startsWith("milestone:"))).toBe(
      true,
    );
    const affine = new Set(truth.affinity.map((t) => String(t.customerId)));
    expect(of("Premium version for repeat buyers").every((r) => affine.has(r.customerId))).toBe(true);
  });

  it("consent: only subscribed customers are scheduled or sent; everyone else is suppressed with the reason", () => {
    for (const r of rows) {
      const state = consent.get(r.customerId);
      if (state === "SUBSCRIBED") expect(r.reason ?? "", r.customerId).not.toMatch(/^consent_|^no_email/);
      else
        expect([r.status, r.reason], r.customerId).toEqual([
          "suppressed",
          state === "NO_EMAIL" ? "no_email" : `consent_${state!.toLowerCase()}`,
        ]);
    }
  });

  it("Flow received each due message once, and no customer more than one message in 7 days", async () => {
    const sent = rows.filter((r) => r.status === "sent").map((r) => r.customerId);
    const received = sim.recorded.flowTriggers.map((f) => String(f.customerId));
    expect(received.length).toBe(sent.length);
    expect(sorted(received)).toEqual(sorted(sent));
    expect(new Set(received).size).toBe(received.length);
    const scheduled = rows.filter((r) => ["pending", "sent"].includes(r.status));
    const byCustomer = new Map<string, number[]>();
    for (const r of scheduled)
      byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r.scheduledFor.getTime()]);
    for (const [id, times] of byCustomer) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], id).toBeGreaterThanOrEqual(7 * DAY);
    }
    expect(sim.recorded.flowTriggers.every((f) => (f.payload as Record<string, unknown>).Pillar !== undefined)).toBe(
      true,
    );
  });
});
