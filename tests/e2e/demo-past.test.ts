// Issue 18: the demo store has a past. `npm run demo` replays two months of campaigns from the four
// pillars' templates before it is ready (scripts/demo/replay.ts, decisions 0199 and 0215), through
// the app's own code: activation, ticks, guardrails, sends over SMTP to the local inbox, clicks on
// the app's route, conversions from the simulator's planted effect. So Reports, opened for the first
// time, shows lift. Here a smaller store and a shorter past, so the test fits in `npm test`: enough
// for the lifecycle pillar's lift and interval; the other pillars' groups grow with orders and stay
// under the 30 customers a lift needs here (figures in decision 0215), so they show sends and holdouts.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import type { AppContext } from "~/runtime/app-context.server";
import { memoryLogger } from "~/logger.server";
import { reportsView, type ReportsView } from "~/web/screens/reports.server";
import { PILLARS } from "~/segments/rules/pillars";
import { launchBrowser, openPage, screenshot, seriousViolations, settle } from "./support/browser";
import { startDemo, type RunningDemo } from "./support/demo";
import { inbox } from "./support/inbox";

const DAY_MS = 86_400_000;
const PAST_DAYS = 21;
const CUSTOMERS = 1000;
/** The pillars whose groups reach 30 customers each in this store's three weeks. */
const WITH_LIFT = ["lifecycle"];

let demo: RunningDemo;
let browser: Browser;
let page: Page;
let errors: string[];
let db: Db;
let view: ReportsView;

beforeAll(async () => {
  demo = await startDemo({ customers: CUSTOMERS, seed: 7, pastDays: PAST_DAYS, timeoutMs: 600_000 });
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
}, 660_000);

afterAll(async () => {
  await db?.close();
  await browser?.close();
  await demo?.stop();
});

describe("the demo store has a past of campaigns", () => {
  it("says how many days it replays while it starts, quietly", () => {
    const lines = demo.output().split("\n");
    const progress = new RegExp(
      `^\\[demo\\] replaying the last ${PAST_DAYS} days of campaigns… day \\d+/${PAST_DAYS}$`,
    );
    expect(lines.filter((l) => progress.test(l)).length).toBeGreaterThan(0);
    expect(lines.some((l) => new RegExp(`^\\[demo\\] replayed ${PAST_DAYS} days in \\d+ s: `).test(l))).toBe(true);
    // Nothing but the demo's and the launcher's own lines (decision 0198): no warnings, no errors.
    expect(lines.filter((l) => l.trim() !== "" && !/^\[(demo|rapport)\] |^RAPPORT_DEMO_READY /.test(l))).toEqual([]);
  });

  it("shows, per pillar, messages sent, a holdout group and, where the groups are large enough, a lift with its interval", () => {
    for (const pillar of PILLARS) {
      const report = view.pillars.find((p) => p.pillar === pillar.id);
      expect(report, pillar.id).toBeDefined();
      const { totals, lift } = report!;
      expect(totals.sent, `${pillar.id} sent`).toBeGreaterThan(0);
      expect(totals.heldOut, `${pillar.id} held out`).toBeGreaterThan(0);
      if (!WITH_LIFT.includes(pillar.id)) continue;
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

  it("charts conversions over time for messaged and held-out customers across the past", () => {
    const days = view.arms.filter((p) => p.messaged > 0 && p.heldOut > 0).map((p) => Date.parse(p.period));
    expect(days.length).toBeGreaterThan(PAST_DAYS / 3);
    expect(Math.max(...days) - Math.min(...days)).toBeGreaterThan((PAST_DAYS / 2) * DAY_MS);
    expect(view.arms.some((p) => p.messagedConverted > 0)).toBe(true);
    expect(view.arms.some((p) => p.heldOutConverted > 0)).toBe(true);
  });

  it("sent every message through the email channel's SMTP to the inbox, across the past", async () => {
    const sent = await db.pool.query<{ providerMessageId: string | null; channel: string | null; sentAt: Date }>(
      `SELECT "providerMessageId", channel, "sentAt" FROM "Message" WHERE shop = $1 AND status = 'sent'`,
      [demo.shop],
    );
    expect(sent.rows.length).toBeGreaterThan(50);
    expect(sent.rows.every((m) => m.channel === "email" && m.providerMessageId !== null)).toBe(true);
    const times = sent.rows.map((m) => m.sentAt.getTime());
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan((PAST_DAYS - 5) * DAY_MS);
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

  it("opens Reports with the lifts and their intervals, accessibly", async () => {
    await page.goto(`${demo.appUrl}/app/reports`);
    await settle(page);
    await screenshot(page, "reports-demo-past");
    const text = await page.locator("body").innerText();
    const lifts =
      text.match(/Conversion rate lift: [+-]\d+\.\d pts \(95% CI [+-]\d+\.\d pts to [+-]\d+\.\d pts\)/g) ?? [];
    // One per pillar whose groups are large enough.
    expect(lifts.length).toBeGreaterThanOrEqual(WITH_LIFT.length);
    expect(text).toContain("Conversion over time");
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
