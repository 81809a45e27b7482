// Issue 18: the demo store has a past. `npm run demo` replays two months of campaigns from the four
// pillars' templates before it is ready (scripts/demo/replay.ts, decision 0199), through the app's own
// code: activation, ticks, guardrails, sends over SMTP to the local inbox, clicks on the app's route,
// conversions from the simulator's planted effect. So Reports, opened for the first time, shows lift.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import type { AppContext } from "~/runtime/app-context.server";
import { memoryLogger } from "~/logger.server";
import { reportsView, type ReportsView } from "~/web/screens/reports.server";
import { PILLARS } from "~/segments/rules/pillars";
import { launchBrowser, openPage, screenshot, settle } from "./support/browser";
import { startDemo, type RunningDemo } from "./support/demo";
import { inbox } from "./support/inbox";

const DAY_MS = 86_400_000;

let demo: RunningDemo;
let browser: Browser;
let page: Page;
let errors: string[];
let db: Db;
let view: ReportsView;

beforeAll(async () => {
  demo = await startDemo({ customers: 6000, seed: 7, pastDays: 60, timeoutMs: 3_000_000 });
  db = createDb(demo.databaseUrl, { max: 2 });
  // The Reports screen's own server module on the demo's database (what its loader returns).
  const ctx: AppContext = {
    db,
    now: () => new Date(),
    log: memoryLogger(),
    admin: () => Promise.reject(new Error("Reports does not call Shopify")),
    queue: { enqueue: () => Promise.reject(new Error("Reports queues nothing")) },
  };
  view = await reportsView(ctx, demo.shop, { campaignId: null, bucket: null });
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser));
}, 3_060_000);

afterAll(async () => {
  await db?.close();
  await browser?.close();
  await demo?.stop();
});

describe("the demo store has two months of campaigns", () => {
  it("says so while it starts, quietly", () => {
    const lines = demo.output().split("\n");
    expect(lines.some((l) => /^\[demo\] replaying two months of campaigns… day \d+\/60$/.test(l))).toBe(true);
    expect(lines.some((l) => /^\[demo\] replayed 60 days in \d+ s: /.test(l))).toBe(true);
    // Nothing but the demo's and the launcher's own lines (decision 0198): no warnings, no errors.
    expect(lines.filter((l) => l.trim() !== "" && !/^\[(demo|rapport)\] |^RAPPORT_DEMO_READY /.test(l))).toEqual([]);
  });

  it("shows, per pillar, messages sent, a holdout group, conversions and a lift with its interval", () => {
    for (const pillar of PILLARS) {
      const report = view.pillars.find((p) => p.pillar === pillar.id);
      expect(report, pillar.id).toBeDefined();
      const { totals, lift } = report!;
      expect(totals.sent, `${pillar.id} sent`).toBeGreaterThan(0);
      expect(totals.heldOut, `${pillar.id} held out`).toBeGreaterThan(0);
      expect(totals.converted, `${pillar.id} converted`).toBeGreaterThan(0);
      expect(lift.conversionRate.status, `${pillar.id}: ${JSON.stringify(lift.conversionRate)}`).toBe("ok");
      if (lift.conversionRate.status !== "ok") continue;
      expect(lift.conversionRate.interval.low).toBeLessThan(lift.conversionRate.interval.high);
    }
    // One campaign per template, each with results of its own.
    expect(view.campaigns.map((c) => c.pillar).sort()).toEqual(
      ["affinity", "lifecycle", "lifecycle", "lifecycle", "loyalty", "reengagement"].sort(),
    );
    expect(view.campaigns.every((c) => c.status === "active")).toBe(true);
  });

  it("charts conversions over time for messaged and held-out customers across the two months", () => {
    const days = view.arms.filter((p) => p.messaged > 0 && p.heldOut > 0).map((p) => Date.parse(p.period));
    expect(days.length).toBeGreaterThan(20);
    expect(Math.max(...days) - Math.min(...days)).toBeGreaterThan(40 * DAY_MS);
    expect(view.arms.some((p) => p.messagedConverted > 0)).toBe(true);
    expect(view.arms.some((p) => p.heldOutConverted > 0)).toBe(true);
  });

  it("sent every message through the email channel's SMTP to the inbox, over two months", async () => {
    const sent = await db.pool.query<{ providerMessageId: string | null; channel: string | null; sentAt: Date }>(
      `SELECT "providerMessageId", channel, "sentAt" FROM "Message" WHERE shop = $1 AND status = 'sent'`,
      [demo.shop],
    );
    expect(sent.rows.length).toBeGreaterThan(100);
    expect(sent.rows.every((m) => m.channel === "email" && m.providerMessageId !== null)).toBe(true);
    const times = sent.rows.map((m) => m.sentAt.getTime());
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(50 * DAY_MS);
    const received = new Set((await inbox(demo.inboxUrl).messages()).map((m) => m.headers["message-id"]));
    const missing = sent.rows.filter((m) => !received.has(m.providerMessageId!));
    expect(missing).toEqual([]);
    // Customers clicked on the app's click route; the simulator's message-caused orders are conversions.
    const clicks = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "MessageClick" WHERE shop = $1`, [
      demo.shop,
    ]);
    expect(clicks.rows[0].n).toBeGreaterThan(0);
    const caused = (await (await fetch(`${demo.controlUrl}/truth/message-orders`)).json()) as {
      orderId: number;
      processedAt: string;
    }[];
    expect(caused.length).toBeGreaterThan(0);
    const attributed = await db.pool.query<{ id: string }>(
      `SELECT "orderId"::text AS id FROM "Conversion" WHERE shop = $1`,
      [demo.shop],
    );
    const ids = new Set(attributed.rows.map((r) => r.id));
    // Every order an email caused that has happened by now is one of its campaign's conversions
    // (a few may be cancelled, or their webhook still on its way).
    const happened = caused.filter((o) => Date.parse(o.processedAt) < Date.now() - 60_000);
    expect(happened.length).toBeGreaterThan(0);
    expect(happened.filter((o) => ids.has(String(o.orderId))).length / happened.length).toBeGreaterThan(0.8);
  });

  it("opens Reports with the lift of every pillar and its interval, not 'Not enough data yet'", async () => {
    await page.goto(`${demo.appUrl}/app/reports`);
    await settle(page);
    await screenshot(page, "reports-demo-past");
    const text = await page.locator("body").innerText();
    const lifts =
      text.match(/Conversion rate lift: [+-]\d+\.\d pts \(95% CI [+-]\d+\.\d pts to [+-]\d+\.\d pts\)/g) ?? [];
    expect(lifts.length).toBeGreaterThanOrEqual(PILLARS.length);
    expect(text).not.toContain("Conversion rate lift: Not enough data yet");
    expect(text).toContain("Conversion over time");
    expect(errors).toEqual([]);
  });
});
