// The merchant's path in a real browser against the demo (on the Flow channel): the pillars appear after the sync;
// a campaign is created from a pillar, previewed for a customer and activated; an order arrives
// by webhook; the message goes out (the simulator records the Flow trigger); and the customer's
// next order shows as a conversion in Reports.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_INFO } from "~/delivery/rules/channels";
import { launchBrowser, openPage, screenshot, seriousViolations, settle } from "./support/browser";
import { control, eventually } from "./support/control";
import { pipelineState } from "./support/diagnose";
import { startDemo, type RunningDemo } from "./support/demo";
import { quietWindowAwayFromNow } from "./support/quiet-hours";

let demo: RunningDemo;
let browser: Browser;
let page: Page;
let campaignUrl = "";
let customerId = "";

beforeAll(async () => {
  demo = await startDemo({ customers: 300, seed: 7 });
  browser = await launchBrowser();
  ({ page } = await openPage(browser));
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function visit(path: string): Promise<void> {
  await page.goto(`${demo.appUrl}${path}`);
  await settle(page);
}

async function accessible(name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), `${name}: accessibility`).toEqual([]);
}

describe("the merchant's path", () => {
  it("shows the four pillars with their segment sizes after the sync", async () => {
    await visit("/app");
    await page.getByText("Completed").first().waitFor();
    const sizes = await page.locator("[data-testid^=pillar-][data-testid$=-size]").allTextContents();
    expect(sizes).toHaveLength(4);
    expect(sizes.some((s) => Number(s.replace(/,/g, "")) > 0)).toBe(true);
    await accessible("path-home");
  });

  it("sets guardrails so the test message is not held by quiet hours", async () => {
    await visit("/app/settings");
    const quiet = quietWindowAwayFromNow(new Date());
    await page.getByLabel("Quiet hours start").fill(quiet.start);
    await page.getByLabel("Quiet hours end").fill(quiet.end);
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Settings saved" }).waitFor();
  });

  it("builds the audience: a saved segment of customers with orders", async () => {
    await visit("/app/segments/new");
    await page.getByLabel("Name").fill("Customers with orders");
    await page.getByTestId("segment-count").waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/app\/segments\/(?!new)[^/?]+/);
    await settle(page);
    await accessible("path-segment");
  });

  it("creates a campaign from a pillar template, targets the segment and previews it for a customer", async () => {
    await visit("/app");
    await page.getByRole("link", { name: "Create campaign: Lifecycle momentum" }).click();
    await page.waitForURL(/\/app\/campaigns\/new\?pillar=lifecycle/);
    await settle(page);
    await page.getByRole("button", { name: "Use template: 7-day check-in" }).click();
    await page.waitForURL(/\/app\/campaigns\/(?!new)[^/?]+/);
    await settle(page);
    campaignUrl = new URL(page.url()).pathname;

    // New campaigns default to the email channel (decision 0170; email-delivery.test.ts covers it):
    // this path proves the Flow hand-off, which the demo's enabled workflow allows.
    await page
      .locator("label")
      .filter({ hasText: new RegExp(`^${CHANNEL_INFO.flow.label}$`) })
      .click();
    expect(await page.getByRole("radio", { name: CHANNEL_INFO.flow.label }).isChecked()).toBe(true);
    await page.getByLabel("Audience").selectOption({ label: "Saved segment: Customers with orders" });
    await page.getByLabel("Days after the order").fill("0");
    await page.getByLabel("Holdout").fill("0");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Campaign saved" }).waitFor();
    await visit(campaignUrl);

    // The first customer in the audience who has given email consent gets the message.
    const picker = page.getByLabel("Preview for");
    const options = await picker.locator("option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    for (const option of options) {
      await picker.selectOption(option);
      const status = page.locator(`[data-testid=preview-status][data-customer="${option}"]`);
      await status.waitFor({ timeout: 30_000 });
      if ((await status.textContent())?.includes("email consent given")) {
        customerId = option;
        break;
      }
    }
    expect(customerId, "a customer with email consent in the audience").not.toBe("");
    expect(await page.getByTestId("preview-subject").textContent()).toMatch(/\S/);
    expect(await page.getByTestId("preview-body").textContent()).not.toContain("{{");
    // On the Flow channel the preview says the workflow, not Rapport, decides what arrives.
    expect(await page.getByTestId("preview-channel").textContent()).toContain(
      `Arrives as: ${CHANNEL_INFO.flow.label}. Your Flow workflow decides`,
    );
    await accessible("path-campaign-preview");
  });

  it("activates the campaign", async () => {
    await page.getByRole("button", { name: "Activate" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Activate" }).click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Campaign activated" }).waitFor();
    await page.locator(".Polaris-Badge", { hasText: "Active" }).first().waitFor();
    await accessible("path-campaign-active");
  });

  it(
    "sends the message through the Flow trigger when the customer's order arrives by webhook",
    { timeout: 300_000 },
    async () => {
      const sim = control(demo.controlUrl);
      await sim.placeOrder({ customerId });
      const trigger = await eventually(
        "the Flow trigger for the customer",
        async () => {
          const { flowTriggers } = await sim.recorded();
          return flowTriggers.find((t) => String(t.customerId) === customerId && t.handle === "rapport-message");
        },
        240_000,
        2000,
        () => pipelineState(demo),
      );
      expect(JSON.stringify(trigger.payload)).toMatch(/\S/);
      await visit(`/app/customers/${customerId}`);
      await page.getByText("7-day check-in").first().waitFor();
      // The order just placed counts in the 30-day window of the purchases table, computed at read.
      const purchases = page.getByTestId("customer-purchases");
      await purchases.getByRole("columnheader", { name: "Orders, 30 days" }).first().waitFor();
      const recent = await purchases.locator("table").first().locator("tbody tr td:first-of-type").allTextContents();
      expect(Math.max(...recent.map(Number))).toBeGreaterThanOrEqual(1);
      await accessible("path-customer-messaged");
    },
  );

  it("shows the customer's next order as a conversion in Reports", { timeout: 300_000 }, async () => {
    const sim = control(demo.controlUrl);
    await sim.placeOrder({ customerId });
    const campaignId = campaignUrl.split("/").pop()!;
    await eventually(
      "the conversion in the campaign report",
      async () => {
        await visit(`/app/reports?campaign=${campaignId}`);
        const converted = (await page.getByTestId("metric-converted").textContent()) ?? "";
        return converted.startsWith("1") ? converted : undefined;
      },
      240_000,
      3000,
      () => pipelineState(demo),
    );
    // Other customers of the simulated store keep ordering too, and this campaign (the only
    // active one) checks in with each of them: "sent" is every Flow trigger the store received.
    // On the Flow channel the report says "Handed to Shopify", not "Sent" (decision 0181).
    const sent = Number(await page.getByTestId("metric-handed-to-shopify").textContent());
    const { flowTriggers } = await sim.recorded();
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(flowTriggers.length);
    // Conversion over time, messaged vs held out: a Polaris Viz line chart and its table.
    await page.locator("[data-testid=chart-campaign-conversion-picture] svg").first().waitFor();
    const table = page.getByTestId("chart-campaign-conversion-table");
    expect(await table.locator("thead th").allTextContents()).toEqual([
      "Period",
      "Messaged",
      "Held out",
      "Messaged, 95% interval",
      "Held out, 95% interval",
    ]);
    const messagedRates = await table.locator("tbody tr td:nth-of-type(1)").allTextContents();
    expect(messagedRates.some((rate) => /^(?!0%)[\d.]+%$/.test(rate))).toBe(true);
    // Each rate sits inside its interval, drawn as a shaded band (an SVG area) around the line.
    const intervals = await table.locator("tbody tr td:nth-of-type(3)").allTextContents();
    messagedRates.forEach((rate, i) => {
      if (rate === "—") return expect(intervals[i]).toBe("—");
      const [low, high] = intervals[i].split("–").map((v) => Number.parseFloat(v));
      expect(Number.parseFloat(rate)).toBeGreaterThanOrEqual(low);
      expect(Number.parseFloat(rate)).toBeLessThanOrEqual(high);
    });
    expect(
      await page.locator("[data-testid=chart-campaign-conversion-picture] svg path[fill^='rgba']").count(),
    ).toBeGreaterThan(0);
    // One legend entry for the bands, named (Polaris Viz's relational legend shows "undefined" unnamed).
    const legend = (await page.getByTestId("chart-campaign-conversion-picture").textContent()) ?? "";
    expect(legend).toContain("95% interval (shaded)");
    expect(legend).not.toContain("undefined");
    await accessible("path-reports-conversion");
    // Revenue per pillar: the lifecycle pillar's attributed revenue, next to the other pillars'.
    await visit("/app/reports");
    await page.locator("[data-testid=chart-pillar-revenue-picture] svg").first().waitFor();
    const revenue = page.getByTestId("chart-pillar-revenue-table");
    expect(await revenue.locator("thead th").allTextContents()).toEqual([
      "Period",
      "Loyalty & value recognition",
      "Lifecycle momentum",
      "Product & preference affinity",
      "Contextual re-engagement",
    ]);
    const lifecycle = await revenue.locator("tbody tr td:nth-of-type(2)").allTextContents();
    expect(lifecycle.some((cell) => /^\$(?!0\.00)[\d,]+\.\d{2}$/.test(cell))).toBe(true);
    await accessible("path-reports-revenue");
    const csv = await page.request.get(`${demo.appUrl}/app/reports/${campaignId}/csv`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain(customerId);
  });
});
