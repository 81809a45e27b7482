// Shopify Flow's two calls into the app, over real HTTP from the simulator signed as Shopify
// signs them: the trigger lifecycle callback (turning a workflow on or off, stored per shop with
// newer-timestamp-wins; campaigns on the Flow channels activate only while one is on) and the
// "Send a Rapport message" action (verified with authenticate.flow, queued once per action run,
// one Message per run through every guardrail, handed to the outbox). Decisions 0180–0182.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "~sim/index";
import { actionRoute, appHttpTestbed, webhookHmac, type AppHttpTestbed } from "~tests/support/app-http";
import type { TestDatabase } from "~tests/support/database";
import { campaignContext, flowWorkflowOn, testClock, type CampaignTestContext } from "~tests/support/campaigns";
import { seedStore } from "~tests/support/segment-store";

const SECRET = "flow-http-secret";
const NOW = new Date("2026-11-27T12:00:00Z");
const ID = 7_000_000_000_000n;
const cid = (i: number) => String(ID + BigInt(i));
const ACTION_PATH = "/flow/actions/send-rapport-message";

describe("Flow calls into the app over HTTP", () => {
  let sim: Simulator;
  let app: AppHttpTestbed;
  let database: TestDatabase;
  let base: string;
  let ctx: CampaignTestContext;
  let campaignId: string;

  // Flow signs its calls as Shopify signs a webhook, with only the signature header.
  const sign = (body: string, secret = SECRET) => webhookHmac(secret, body);
  const post = (path: string, body: string, hmac = sign(body)) =>
    fetch(`${base}${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-shopify-hmac-sha256": hmac },
    });
  const queuedRuns = async () => {
    // The queue's tables exist once the first job was queued.
    const ready = await database.pool.query(`SELECT to_regclass('graphile_worker._private_jobs') AS t`);
    if (!ready.rows[0].t) return [];
    const { rows } = await database.pool.query<{ payload: Record<string, unknown> }>(
      `SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
        WHERE t.identifier = 'flow.runAction' ORDER BY j.id`,
    );
    return rows.map((r) => r.payload);
  };
  const runQueued = async () => {
    const { deliveryTasks } = await import("~/delivery/tasks.server");
    for (const payload of await queuedRuns()) await deliveryTasks["flow.runAction"](payload, ctx);
    await database.pool.query(`DELETE FROM graphile_worker._private_jobs WHERE task_id IN
      (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'flow.runAction')`);
  };

  beforeAll(async () => {
    sim = await startSimulator({ customers: 20, seed: 5, now: NOW });
    app = await appHttpTestbed({
      secret: SECRET,
      env: { SHOPIFY_ADMIN_ORIGIN: sim.url },
      serve: async () => ({
        routes: [
          await actionRoute("/flow/lifecycle", (await import("~/routes/flow.lifecycle")).action),
          await actionRoute(ACTION_PATH, (await import("~/routes/flow.actions.send-rapport-message")).action),
        ],
      }),
    });
    ({ database, url: base } = app);
    ctx = await campaignContext(database, sim, testClock(NOW));
    // The app's own Admin client: the session the library stored is sealed with the app's keyring.
    ctx.admin = (await (await import("~/runtime/app-context.server")).appContext()).admin;
    // This suite decides the workflow state itself, through Flow's callback.
    await database.prisma.flowTriggerState.deleteMany();
    sim.core.flow.configure({
      secret: SECRET,
      lifecycleUrl: `${base}/flow/lifecycle`,
      actionUrl: `${base}${ACTION_PATH}`,
    });
    await seedStore(database.pool, sim.shop, {
      customers: Array.from({ length: 12 }, (_, k) => ({
        id: cid(k + 1),
        firstName: `C${k + 1}`,
        email: `c${k + 1}@example.com`,
        emailMarketing: k + 1 === 3 ? "UNSUBSCRIBED" : "SUBSCRIBED",
      })),
    });
    const { createCampaign } = await import("~/campaigns/service.server");
    const created = await createCampaign(database, sim.shop, {
      name: "Thank you",
      pillar: "loyalty",
      holdoutPercent: 50,
      definition: { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
      trigger: { kind: "relaunch" },
      subject: "Thank you, {{ customer.first_name }}",
      body: "Body",
      ctaUrl: "{{ shop.url }}",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    campaignId = created.campaign.id;
    await database.prisma.campaign.update({
      where: { shop_id: { shop: sim.shop, id: campaignId } },
      data: { channel: "shopify_email" },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.stop();
  });

  it("refuses a bad HMAC on both endpoints and stores or queues nothing", async () => {
    const lifecycle = JSON.stringify(sim.core.flow.lifecycleBody(true));
    expect((await post("/flow/lifecycle", lifecycle, sign(lifecycle, "wrong-secret"))).status).toBe(400);
    const action = JSON.stringify(sim.core.flow.actionBody({ customerId: 1, campaign: "Thank you", actionRunId: "r" }));
    expect((await post(ACTION_PATH, action, sign(action, "wrong-secret"))).status).toBe(400);
    expect((await post(ACTION_PATH, action, "")).status).toBe(400);
    expect(await database.prisma.flowTriggerState.count()).toBe(0);
    expect(await queuedRuns()).toEqual([]);
  });

  it("keeps a Flow-channel campaign from going live until a workflow using the trigger is on", async () => {
    const { activateCampaign } = await import("~/campaigns/service.server");
    const { flowTriggerState } = await import("~/delivery/flow-state.server");
    const refused = await activateCampaign(ctx, sim.shop, campaignId);
    expect(refused).toMatchObject({ ok: false });
    expect(refused && !refused.ok && refused.errors.status?.[0]).toMatch(
      /no turned-on workflow uses that trigger.*Marketing › Automations/,
    );
    // The merchant turns the automation on in Shopify: Flow calls the app first.
    const on = await sim.core.flow.setWorkflow(true, "shopify_email");
    expect(on).toMatchObject({ enabled: true, call: { status: 200 } });
    expect(await flowTriggerState(database, sim.shop)).toEqual({ hasEnabledFlow: true, stateAt: NOW });
    expect(await activateCampaign(ctx, sim.shop, campaignId)).toMatchObject({ ok: true });
  });

  it("ignores a callback older than the stored one (Shopify: newer timestamps take precedence)", async () => {
    const { flowTriggerState } = await import("~/delivery/flow-state.server");
    const stale = JSON.stringify({ ...sim.core.flow.lifecycleBody(false), timestamp: "2026-11-01T00:00:00.000Z" });
    expect((await post("/flow/lifecycle", stale)).status).toBe(200);
    expect(await flowTriggerState(database, sim.shop)).toEqual({ hasEnabledFlow: true, stateAt: NOW });
  });

  it("makes one Message per action run, even when Flow calls twice and the job runs twice", async () => {
    const first = await sim.core.flow.runAction({
      customerId: Number(cid(1)),
      campaign: "thank you",
      actionRunId: "run-1",
    });
    const again = await sim.core.flow.runAction({
      customerId: Number(cid(1)),
      campaign: "thank you",
      actionRunId: "run-1",
    });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await queuedRuns()).toHaveLength(1); // one job per run id
    const [payload] = await queuedRuns();
    const { deliveryTasks } = await import("~/delivery/tasks.server");
    await deliveryTasks["flow.runAction"](payload, ctx);
    await runQueued();
    await sim.core.flow.runAction({ customerId: Number(cid(1)), campaign: "thank you", actionRunId: "run-1" });
    await runQueued();
    const messages = await database.prisma.message.findMany({ where: { customerId: BigInt(cid(1)) } });
    expect(messages.map((m) => m.triggerKey)).toEqual(["flow-action:run-1"]);
  });

  it("applies consent and the holdout: unsubscribed and held-out customers are not messaged", async () => {
    for (let i = 2; i <= 12; i++)
      expect((await sim.core.flow.runAction({ customerId: Number(cid(i)), campaign: campaignId })).status).toBe(200);
    await runQueued();
    const rows = await database.prisma.message.findMany({ where: { campaignId }, orderBy: { customerId: "asc" } });
    expect(rows).toHaveLength(12);
    const byCustomer = new Map(rows.map((m) => [String(m.customerId), m]));
    expect(byCustomer.get(cid(3))).toMatchObject({ status: "suppressed", reason: "consent_unsubscribed" });
    const heldOut = rows.filter((m) => m.status === "held_out").map((m) => String(m.customerId));
    const pending = rows.filter((m) => m.status === "pending").map((m) => String(m.customerId));
    expect(heldOut.length).toBeGreaterThan(0);
    expect(pending.length).toBeGreaterThan(0);
    expect(ctx.queue.take("campaigns.send").length).toBeGreaterThan(0);
    const { drainOutbox } = await import("~/delivery/outbox.server");
    expect(await drainOutbox(ctx, { shop: sim.shop })).toMatchObject({ sent: pending.length, failed: 0 });
    const triggered = sim.recorded.flowTriggers.map((f) => String(f.customerId)).sort();
    expect(triggered).toEqual([...pending].sort());
    // Shopify Email (the automation is on) mails those of them Shopify has as subscribed.
    const subscribed = pending.filter((id) => sim.store.customer(Number(id))?.emailState === "SUBSCRIBED");
    expect(sim.core.flow.emails.map((e) => String(e.customerId)).sort()).toEqual(subscribed.sort());
  });

  it("refuses an action naming no campaign Rapport has, with a reason Flow shows", async () => {
    const res = await sim.core.flow.runAction({ customerId: Number(cid(2)), campaign: "Nope" });
    expect(res.status).toBe(422);
    expect(res.responseText).toMatch(/No Rapport campaign is called “Nope”/);
  });

  it("turning the workflow off is stored, and the campaign could not be activated again", async () => {
    const { flowTriggerState } = await import("~/delivery/flow-state.server");
    sim.clock.advance({ hours: 1 });
    expect(await sim.core.flow.setWorkflow(false, "shopify_email")).toMatchObject({ enabled: false });
    expect(await flowTriggerState(database, sim.shop)).toMatchObject({ hasEnabledFlow: false });
    await flowWorkflowOn(database, sim.shop, false);
  });
});
