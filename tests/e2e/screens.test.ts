// Every screen renders in a real browser with its data, passes axe-core (no serious or critical
// violations) and leaves a screenshot in test-results/screenshots/<screen>.png; every full page
// load's Largest Contentful Paint and Cumulative Layout Shift are held to Shopify's targets and
// written to test-results/web-vitals.json.
import fs from "node:fs";
import os from "node:os";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, seriousViolations, settle } from "./support/browser";
import { startDemo, type RunningDemo } from "./support/demo";
import { lcpChecked, REGRESSION_CLS, TARGETS, webVitals, writeVitals, type WebVitals } from "./support/web-vitals";

let demo: RunningDemo;
let browser: Browser;
let page: Page;
let pageErrors: string[];
/** The worst figures of each path loaded, over the run. */
const vitals: Record<string, WebVitals & { lcpChecked: boolean }> = {};

beforeAll(async () => {
  demo = await startDemo({ customers: 300, seed: 7 });
  browser = await launchBrowser();
  ({ page, errors: pageErrors } = await openPage(browser));
});

afterAll(async () => {
  if (Object.keys(vitals).length > 0) writeVitals(vitals, os.loadavg());
  await browser?.close();
  await demo?.stop();
});

async function visit(path: string): Promise<void> {
  const response = await page.goto(`${demo.appUrl}${path}`);
  expect(response?.status(), `GET ${path}`).toBeLessThan(400);
  await settle(page);
  await measure(path);
}

/** LCP and CLS of the document just loaded, once every chart drawn in the browser is there. */
async function measure(path: string): Promise<void> {
  await page.waitForFunction(
    () => [...document.querySelectorAll("[data-testid$='-picture']")].every((el) => el.querySelector("svg")),
    undefined,
    { timeout: 30_000 },
  );
  const figures = await webVitals(page);
  expect(figures.lcpMs, `${path}: LCP reported`).not.toBeNull();
  // LCP is wall-clock time (the server's response, then the paint): held to its target only when
  // the machine is not overloaded by other work (decision 0202); the figure is recorded either way.
  if (lcpChecked()) expect(figures.lcpMs!, `${path}: LCP (ms)`).toBeLessThanOrEqual(TARGETS.lcpMs);
  expect(figures.cls, `${path}: CLS, shifts ${JSON.stringify(figures.shifts)}`).toBeLessThanOrEqual(TARGETS.cls);
  expect(figures.cls, `${path}: CLS regression, shifts ${JSON.stringify(figures.shifts)}`).toBeLessThanOrEqual(
    REGRESSION_CLS,
  );
  const key = path.split("?")[0].replace(/\/(?!new$)[\w-]*\d[\w-]*$/, "/:id");
  const before = vitals[key];
  vitals[key] = before
    ? {
        lcpMs: Math.max(before.lcpMs ?? 0, figures.lcpMs ?? 0),
        lcpChecked: before.lcpChecked && lcpChecked(),
        cls: Math.max(before.cls, figures.cls),
        shifts: before.shifts.length >= figures.shifts.length ? before.shifts : figures.shifts,
      }
    : { ...figures, lcpChecked: lcpChecked() };
}

async function check(name: string, heading: string): Promise<void> {
  await expect.poll(() => page.locator("h1").first().textContent()).toBe(heading);
  await screenshot(page, name);
  expect(await seriousViolations(page), `${name}: accessibility`).toEqual([]);
  expect(pageErrors, `${name}: page errors`).toEqual([]);
}

/** A Polaris Viz chart drawn in the page (an SVG) and its data table with `rows` rows. */
async function chartWithTable(testId: string, rows: number): Promise<void> {
  await page.locator(`[data-testid=${testId}-picture] svg`).first().waitFor();
  expect(await page.locator(`[data-testid=${testId}-table] tbody tr`).count()).toBe(rows);
  expect(await page.locator(`[data-testid=${testId}-table] caption`).textContent()).not.toBe("");
}

/** Each setup-guide step's done state, by step id. */
async function stepsDone(): Promise<Record<string, string | null>> {
  const steps = page.locator("[data-testid^=setup-step-]");
  const entries: [string, string | null][] = [];
  for (const step of await steps.all())
    entries.push([
      (await step.getAttribute("data-testid"))!.replace("setup-step-", ""),
      await step.getAttribute("data-done"),
    ]);
  return Object.fromEntries(entries);
}

describe("screens", () => {
  it("home shows the synced store and the four pillars", async () => {
    await visit("/app");
    await page.getByText("Lifecycle momentum").first().waitFor();
    expect(await page.locator("[data-testid^=pillar-][data-testid$=-size]").count()).toBe(4);
    // Each pillar's size as a share of the store; the default loyalty segment is exclusive (≤ 25%).
    const shares = await page.locator("[data-testid^=pillar-][data-testid$=-size-share]").allTextContents();
    expect(shares).toHaveLength(4);
    for (const share of shares) expect(share).toMatch(/^\d+(\.\d)?% of [\d,]+ customers$/);
    const loyalty = (await page.getByTestId("pillar-loyalty-size-share").textContent())!;
    expect(Number.parseFloat(loyalty)).toBeLessThanOrEqual(25);
    expect(await page.getByTestId("pillar-loyalty-share-warning").count()).toBe(0);
    // The setup guide: the demo store is synced and its sender verified; no campaign yet.
    const guide = page.getByTestId("setup-guide");
    expect(await guide.getAttribute("data-display")).toBe("open");
    expect(await stepsDone()).toEqual({ sync: "true", channel: "true", campaign: "false", activate: "false" });
    expect(await page.getByTestId("setup-guide-progress").textContent()).toBe("2 of 4 steps done");
    const choose = page.getByRole("link", { name: "Choose a template: Create your first campaign" });
    expect(await choose.getAttribute("href")).toBe("/app/campaigns/new");
    // The customer base in pictures (Polaris Viz, drawn in the browser) with a table behind each.
    await chartWithTable("chart-lifecycle", 6);
    await chartWithTable("chart-clv", 7);
    const stages = await page.locator("[data-testid=chart-lifecycle-table] tbody tr td").allTextContents();
    const staged = stages.reduce((sum, cell) => sum + Number(cell.replace(/,/g, "")), 0);
    expect(staged).toBe(300);
    // The RFM grid: a 5 × 5 table (recency 5 on top), every customer with an order in one cell.
    const grid = page.getByTestId("rfm-grid");
    expect(await grid.locator("tbody th[scope=row]").allTextContents()).toEqual(["R5", "R4", "R3", "R2", "R1"]);
    expect(await grid.locator("thead th[scope=col]").allTextContents()).toEqual([
      "Score",
      "F1",
      "F2",
      "F3",
      "F4",
      "F5",
    ]);
    const cells = await grid.locator("tbody td").allTextContents();
    expect(cells).toHaveLength(25);
    const prospects = Number(
      (await page.locator("[data-testid=chart-lifecycle-table] tbody tr td").first().textContent())!.replace(/,/g, ""),
    );
    expect(cells.reduce((sum, cell) => sum + Number(cell.replace(/,/g, "")), 0)).toBe(300 - prospects);
    // The predicted revenue of the next 90 days: its total in the shop's currency, by stage behind it.
    await chartWithTable("chart-revenue90", 5);
    expect(await page.getByTestId("revenue90-total").textContent()).toMatch(/^\$[\d,]+\.\d{2}$/);
    const byStage = await page.locator("[data-testid=chart-revenue90-table] tbody td").allTextContents();
    const sum = byStage.reduce((total, cell) => total + Number(cell.replace(/[$,]/g, "")), 0);
    const total = Number((await page.getByTestId("revenue90-total").textContent())!.replace(/[$,]/g, ""));
    expect(sum).toBeCloseTo(total, 2);
    await page.getByText("A prediction, not a promise").waitFor();
    await check("home", "Home");
    for (const icon of ["/favicon.ico", "/favicon.svg", "/app-icon.png"]) {
      const response = await page.request.get(`${demo.appUrl}${icon}`);
      expect(response.status(), icon).toBe(200);
      expect(response.headers()["content-type"], icon).toMatch(/^image\//);
    }
  });

  it("customers: search and open a customer", async () => {
    await visit("/app/customers");
    await check("customers", "Customers");
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    expect(await rows.count()).toBeGreaterThan(0);
    // Keyset pages (decision 0203): forward to the second page and back to the same first page.
    const pagination = page.getByTestId("customers-pagination");
    expect(await pagination.textContent()).toMatch(/^1–25 of [\d,]+$/);
    const firstRow = await rows.first().textContent();
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(/after=/);
    await expect.poll(() => pagination.textContent(), { timeout: 30_000 }).toMatch(/^26–50 of [\d,]+$/);
    expect(await rows.first().textContent()).not.toBe(firstRow);
    await page.getByRole("button", { name: "Previous" }).click();
    await page.waitForURL(/before=/);
    await expect.poll(() => pagination.textContent(), { timeout: 30_000 }).toMatch(/^1–25 of [\d,]+$/);
    expect(await rows.first().textContent()).toBe(firstRow);
    const firstEmail = (await rows.first().locator(".Polaris-Text--subdued").first().textContent())!;
    await page.getByPlaceholder("Search by name or email").fill(firstEmail);
    await page.waitForURL(/query=/);
    await settle(page);
    // The search's data can land after the URL changes and the network settles (a loaded machine).
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    await rows.first().click();
    await page.waitForURL(/\/app\/customers\/\d+/);
    await settle(page);
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    await page.getByRole("heading", { name: "Purchases" }).waitFor();
    await page.getByRole("heading", { name: "Orders" }).waitFor();
    await check("customer", (await page.locator("h1").first().textContent())!);
  });

  it("an unknown customer shows a not-found banner, not a crash", async () => {
    await page.goto(`${demo.appUrl}/app/customers/1`);
    await settle(page);
    await page.getByText("We couldn't find that page").waitFor();
    await screenshot(page, "customer-not-found");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("segments: list and the builder's live count, as a share of the store", async () => {
    await visit("/app/segments");
    await check("segments", "Segments");
    await visit("/app/segments/new?pillar=loyalty");
    // The scrollbar's gutter is kept before the page is long enough to scroll: its arrival moved
    // this screen under load (app.css).
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollbarGutter)).toBe("stable");
    const count = page.getByTestId("segment-count");
    await count.waitFor();
    const before = Number((await count.textContent())!.replace(/,/g, ""));
    expect(before).toBeGreaterThan(0);
    expect(await page.getByTestId("segment-share").textContent()).toMatch(/^\d+(\.\d)?% of [\d,]+ customers$/);
    expect(await page.getByTestId("segment-share-warning").count()).toBe(0);
    await check("segment-builder", "New segment");
    // The loyalty template: any of [top 10% by RFM, recent milestones]. Half the shop is no VIP list.
    await page.locator("#rule-rules-0-percent").fill("50");
    await page.getByTestId("segment-share-warning").waitFor();
    expect(await page.getByTestId("segment-share-warning").textContent()).toMatch(
      /This VIP segment holds \d+(\.\d)?% of your customers/,
    );
    await screenshot(page, "segment-builder-vip-warning");
    expect(await seriousViolations(page), "segment-builder-vip-warning: accessibility").toEqual([]);
    // Saved, it carries the warning to the list.
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/app\/segments\/(?!new)[^/?]+/);
    await visit("/app/segments");
    await page.getByTestId("segments-share-warning").waitFor();
    expect(await page.getByTestId("segments-share-warning").textContent()).toMatch(
      /Loyalty & value recognition: This VIP/,
    );
    await screenshot(page, "segments-vip-warning");
    expect(await seriousViolations(page), "segments-vip-warning: accessibility").toEqual([]);
    // An invalid value is flagged next to its rule and the count waits for a fix.
    await visit("/app/segments/new?pillar=loyalty");
    await page.getByTestId("segment-count").waitFor();
    await page.locator("#rule-rules-0-percent").fill("80");
    await page.getByText(/50/).first().waitFor();
  });

  it("a member's page explains each segment in words: no raw timestamp, id or JSON", async () => {
    await visit("/app/segments/new?pillar=loyalty");
    await page.getByTestId("segment-count").waitFor();
    await page.locator("a[href^='/app/customers/']").first().click();
    await page.waitForURL(/\/app\/customers\/\d+/);
    await settle(page);
    await page.getByRole("heading", { name: "Segments and pillars" }).waitFor();
    const values = page.getByTestId("explanation-value");
    await expect.poll(() => values.count()).toBeGreaterThan(0);
    const text = await page.locator("main, body").first().innerText();
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    for (const value of await values.allTextContents()) {
      expect(value).not.toMatch(/[{}[\]"]|productId|\d{4}-\d{2}-\d{2}/);
    }
    expect(text).toMatch(/in the top 10% of customers by RFM score|Reached a milestone in the last 30 days/);
    await check("customer-explanation", (await page.locator("h1").first().textContent())!);
  });

  it("campaigns: templates and the empty list", async () => {
    // Before the first campaign, Reports' campaign tab is an empty state pointing to the templates.
    await visit("/app/reports?tab=campaigns");
    await page.getByText("No campaigns to report on yet").waitFor();
    await check("reports-campaigns-empty", "Reports");
    await visit("/app/campaigns");
    await check("campaigns", "Campaigns");
    await visit("/app/campaigns/new");
    await check("campaign-templates", "Create campaign");
  });

  it("campaign editor: preview, validation next to the field, dry run", async () => {
    await visit("/app/campaigns/new?pillar=loyalty");
    await page.getByRole("button", { name: "Use template: VIP thank-you" }).click();
    await page.waitForURL(/\/app\/campaigns\/(?!new)[^/?]+/);
    await settle(page);
    await page.getByTestId("preview-subject").waitFor();
    expect(await page.getByTestId("preview-subject").textContent()).toMatch(/thank you for/);
    await check("campaign-editor", "VIP thank-you");
    await page.getByLabel("Subject").fill("Hello {{ customer.shoe_size }}");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByText(/shoe_size/)
      .first()
      .waitFor();
    await page.getByRole("button", { name: "Run dry run" }).click();
    await page
      .getByText(/Would send|Held out|Skipped|Nobody is due|already been messaged/)
      .first()
      .waitFor();
    await screenshot(page, "campaign-dry-run");
  });

  it("home: the setup guide follows the first campaign to its activation, then folds away (remembered)", async () => {
    await visit("/app");
    expect(await stepsDone()).toEqual({ sync: "true", channel: "true", campaign: "true", activate: "false" });
    await page.getByRole("link", { name: "Review and activate: Activate it" }).click();
    await page.waitForURL(/\/app\/campaigns\/(?!new)[^/?]+/);
    await settle(page);
    await page.getByRole("button", { name: "Activate" }).first().click();
    await page.getByRole("dialog").getByRole("button", { name: "Activate" }).click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Campaign activated" }).waitFor();
    await visit("/app");
    const guide = page.getByTestId("setup-guide");
    expect(await guide.getAttribute("data-display")).toBe("folded");
    expect(await guide.getByRole("heading", { name: "Setup complete" }).count()).toBe(1);
    expect(await page.getByTestId("setup-guide-progress").textContent()).toBe("4 of 4 steps done");
    expect(await page.locator("[data-testid^=setup-step-]").count()).toBe(0);
    await check("home-guide-complete", "Home");
    // Unfolded by hand, it stays unfolded on the next visit; folded again, it stays folded.
    await page.getByRole("button", { name: "Show steps" }).click();
    await page.locator("[data-testid=setup-guide][data-display=open]").waitFor();
    await visit("/app");
    expect(await stepsDone()).toEqual({ sync: "true", channel: "true", campaign: "true", activate: "true" });
    await check("home-guide-steps-done", "Home");
    await page.getByRole("button", { name: "Hide steps" }).click();
    await page.locator("[data-testid=setup-guide][data-display=folded]").waitFor();
    await visit("/app");
    expect(await page.getByTestId("setup-guide").getAttribute("data-display")).toBe("folded");
  });

  it("reports: pillars with reference ranges, campaigns tab", async () => {
    await visit("/app/reports");
    // The campaign activated above messages customers as they enter its segment: none yet here
    // (merchant-path.test.ts checks the chart with a real send and conversion).
    await page.getByTestId("chart-conversion").getByText("No messages or holdouts yet.").waitFor();
    // Revenue per pillar: one chart for every pillar, empty until an order is attributed.
    await page.getByRole("heading", { name: "Revenue per pillar" }).waitFor();
    await page.getByTestId("chart-pillar-revenue").getByText("No attributed revenue yet.").waitFor();
    await page.getByText("What other stores report:").first().waitFor();
    await check("reports", "Reports");
    await page.getByRole("tab", { name: "By campaign" }).click();
    await page.getByLabel("Campaign").waitFor();
    await screenshot(page, "reports-campaigns");
  });

  // Inside the admin a plain link has no session token and lands on the login page, so the export
  // is a fetch carrying App Bridge's ID token, saved as a blob (components/admin-ui/download.ts).
  it("reports: Export CSV downloads through fetch, with the App Bridge ID token when there is one", async () => {
    const exportCsv = async (target: Page) => {
      await target.goto(`${demo.appUrl}/app/reports?tab=campaigns`);
      await settle(target);
      await target.getByLabel("Campaign").selectOption({ label: "VIP thank-you" });
      await target.waitForURL(/campaign=/);
      await settle(target);
      const [request, download] = await Promise.all([
        target.waitForRequest((r) => r.url().endsWith("/csv")),
        target.waitForEvent("download"),
        target.getByRole("button", { name: "Export CSV" }).click(),
      ]);
      const body = fs.readFileSync(await download.path(), "utf8");
      return {
        authorization: request.headers()["authorization"],
        name: download.suggestedFilename(),
        header: body.split("\n")[0],
      };
    };
    const plain = await exportCsv(page);
    expect(plain.name).toMatch(/^rapport-campaign-[\w-]+\.csv$/);
    expect(plain.header).toMatch(/^message_id,customer_id,email,/);
    expect(plain.authorization).toBeUndefined();
    // A stand-in for App Bridge's global, as inside the admin: the token must ride on the request.
    const { page: admin, errors } = await openPage(browser);
    await admin.addInitScript(() => {
      (window as unknown as { shopify: { idToken: () => Promise<string> } }).shopify = {
        idToken: async () => "e2e-id-token",
      };
    });
    const embedded = await exportCsv(admin);
    expect(embedded.authorization).toBe("Bearer e2e-id-token");
    expect(embedded.header).toBe(plain.header);
    expect(errors).toEqual([]);
    await admin.context().close();
  });

  it("settings: validation next to the field, then a save", async () => {
    await visit("/app/settings");
    await check("settings", "Settings");
    await page.getByLabel("Attribution window").fill("0");
    await page.getByLabel("Quiet hours start").fill("9pm");
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.getByText("Attribution window must be between 1 and 90").waitFor();
    await page.getByText("Quiet hours start must be a time such as 21:00 (24-hour clock)").waitFor();
    await screenshot(page, "settings-errors");
    await page.getByLabel("Attribution window").fill("14");
    await page.getByLabel("Quiet hours start").fill("22:00");
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Settings saved" }).waitFor();
    await visit("/app/settings");
    expect(await page.getByLabel("Attribution window").inputValue()).toBe("14");
  });

  // Single fetch: a client-side navigation loads the screen's data from <path>.data.
  it("home: the loading skeleton while its data is on the way, then the screen", async () => {
    await visit("/app/settings");
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/app\.data/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole("link", { name: "Home" }).first().click();
    await page.getByTestId("screen-skeleton").waitFor();
    await screenshot(page, "home-loading");
    expect(await seriousViolations(page), "home-loading: accessibility").toEqual([]);
    release();
    await page.waitForURL(/\/app(\?|$)/);
    await settle(page);
    await page.unroute(/\/app\.data/);
    await check("home-after-loading", "Home");
  });

  it("home: a failed load shows the error banner with a way to retry", async () => {
    await visit("/app/settings");
    await page.route(/\/app\.data/, (route) =>
      route.fulfill({ status: 500, contentType: "text/plain", body: "Database unavailable" }),
    );
    await page.getByRole("link", { name: "Home" }).first().click();
    await page.getByText("Something went wrong").first().waitFor();
    await page.getByText("The page could not be loaded. Check your connection and try again in a moment.").waitFor();
    // No developer's stack trace for a merchant to read.
    expect(await page.getByText("Application Error").count()).toBe(0);
    await page.getByRole("button", { name: "Try again" }).waitFor();
    await page.unroute(/\/app\.data/);
    await screenshot(page, "home-error");
    expect(await seriousViolations(page), "home-error: accessibility").toEqual([]);
    // The failed data request is the page's only error, and the one this test made.
    expect(pageErrors.filter((e) => !/HTTP 500 .*\/app\.data/.test(e))).toEqual([]);
    pageErrors.length = 0;
  });
});
