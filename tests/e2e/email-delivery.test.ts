// Issue #17's end-to-end proof: the email channel through the real demo (embedded PostgreSQL, the
// simulator over HTTP, the demo's real SMTP server and inbox) with the merchant's steps in Chromium.
// A campaign on the email channel is activated → an order arrives by webhook → the customer's own
// email is in the inbox → its tracked link is clicked by a person (after the machine window) → the
// next order is a conversion in Reports and engagement on the marketing activity → the unsubscribe
// link flips the customer to UNSUBSCRIBED in Shopify and in Rapport → no further email goes out.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_INFO } from "~/delivery/rules/channels";
import { createDb, type Db } from "~/db.server";
import { signUnsubscribeToken } from "~/delivery/unsubscribe-token.server";
import { launchBrowser, openPage, screenshot, seriousViolations, settle } from "./support/browser";
import { control, eventually } from "./support/control";
import { pipelineState } from "./support/diagnose";
import { startDemo, type RunningDemo } from "./support/demo";
import { reportEngagementAt } from "./support/demo-tasks";
import { inbox, type InboxMessage } from "./support/inbox";
import { quietWindowAwayFromNow } from "./support/quiet-hours";

// A desktop browser's agent: the headless default names "HeadlessChrome", which isbot (rightly)
// takes for a machine (app/delivery/rules/link-scanners.ts).
const DESKTOP_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let demo: RunningDemo;
let browser: Browser;
let page: Page;
let errors: string[];
let db: Db;
const state = {
  campaignId: "",
  customerId: "",
  firstName: "",
  product: { id: "", title: "" },
  address: "",
  trackedUrl: "",
  unsubscribeUrl: "",
};

beforeAll(async () => {
  demo = await startDemo({ customers: 300, seed: 7 });
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser));
  db = createDb(demo.databaseUrl, { max: 2 });
});

afterAll(async () => {
  await db?.close();
  await browser?.close();
  await demo?.stop();
});

async function visit(path: string): Promise<void> {
  await page.goto(`${demo.appUrl}${path}`);
  await settle(page);
}

async function accessible(p: Page, name: string): Promise<void> {
  await screenshot(p, name);
  expect(await seriousViolations(p), `${name}: accessibility`).toEqual([]);
}

const sim = () => control(demo.controlUrl);
const mail = () => inbox(demo.inboxUrl);
// Other customers of the simulated store order too, and the campaign writes to them as well.
const mine = (messages: InboxMessage[]) => messages.filter((m) => m.to.join() === state.address);

/** The customer's email consent as Shopify has it, through the Admin API (the simulator). */
async function shopifyConsent(customerId: string): Promise<string> {
  const { accessToken } = (await (await fetch(`${demo.controlUrl}/`)).json()) as { accessToken: string };
  const response = await fetch(`${demo.simulatorUrl}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": accessToken },
    body: JSON.stringify({
      query: `query($id: ID!) { customer(id: $id) { defaultEmailAddress { marketingState } } }`,
      variables: { id: `gid://shopify/Customer/${customerId}` },
    }),
  });
  const body = (await response.json()) as {
    data?: { customer: { defaultEmailAddress: { marketingState: string } | null } | null };
  };
  return body.data?.customer?.defaultEmailAddress?.marketingState ?? `no answer: ${JSON.stringify(body)}`;
}

describe("the email channel, end to end", () => {
  it("sets guardrails: no quiet hours now, room for two emails a day per customer", async () => {
    await visit("/app/settings");
    const quiet = quietWindowAwayFromNow(new Date());
    await page.getByLabel("Quiet hours start").fill(quiet.start);
    await page.getByLabel("Quiet hours end").fill(quiet.end);
    // The conversion order gets its own check-in: the last step then shows that only the
    // unsubscribe, not the frequency cap, stops the emails.
    await page.getByLabel("Messages per customer").fill("10");
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Settings saved" }).waitFor();
    // The demo verified its sender with a real test email (scripts/demo/sender.ts).
    await page.getByText("Verified", { exact: true }).first().waitFor();
  });

  it("builds the audience: a saved segment of customers with orders", async () => {
    await visit("/app/segments/new");
    await page.getByLabel("Name").fill("Customers with orders");
    await page.getByTestId("segment-count").waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/app\/segments\/(?!new)[^/?]+/);
    await settle(page);
  });

  it("creates a check-in on the email channel, whose editor says what the customer receives", async () => {
    await visit("/app/campaigns/new?pillar=lifecycle");
    await page.getByRole("button", { name: "Use template: 7-day check-in" }).click();
    await page.waitForURL(/\/app\/campaigns\/(?!new)[^/?]+/);
    await settle(page);
    state.campaignId = new URL(page.url()).pathname.split("/").pop()!;

    // New campaigns take the shop's default channel, the email channel (decision 0170).
    expect(await page.getByRole("radio", { name: CHANNEL_INFO.email.label }).isChecked()).toBe(true);
    await page.getByText(CHANNEL_INFO.email.receives).waitFor();
    await page.getByLabel("Audience").selectOption({ label: "Saved segment: Customers with orders" });
    await page.getByLabel("Days after the order").fill("0");
    await page.getByLabel("Holdout").fill("0");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Campaign saved" }).waitFor();
    await visit(`/app/campaigns/${state.campaignId}`);

    // The first customer in the audience who has given email consent and has a first name.
    const picker = page.getByLabel("Preview for");
    const options = await picker.locator("option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    for (const option of options) {
      await picker.selectOption(option);
      const status = page.locator(`[data-testid=preview-status][data-customer="${option}"]`);
      await status.waitFor({ timeout: 30_000 });
      const subject = (await page.getByTestId("preview-subject").textContent()) ?? "";
      const name = /working out, (.+)\?$/.exec(subject.trim())?.[1];
      if ((await status.textContent())?.includes("email consent given") && name) {
        state.customerId = option;
        state.firstName = name;
        break;
      }
    }
    expect(state.customerId, "a subscribed customer with a first name in the audience").not.toBe("");
    expect(await page.getByTestId("preview-body").textContent()).toContain(`Hi ${state.firstName},`);
    // The preview says how the message arrives on this channel.
    expect(await page.getByTestId("preview-channel").textContent()).toContain(
      `Arrives as: ${CHANNEL_INFO.email.label}. The customer receives this email as shown.`,
    );
    await accessible(page, "email-campaign-editor");
  });

  it("activates the campaign, which becomes a marketing activity in Shopify", async () => {
    await page.getByRole("button", { name: "Activate" }).first().click();
    await page.getByRole("dialog").getByRole("button", { name: "Activate" }).click();
    await page.locator(".Polaris-Frame-Toast", { hasText: "Campaign activated" }).waitFor();
    await page.locator(".Polaris-Badge", { hasText: "Active" }).first().waitFor();
    await accessible(page, "email-campaign-active");
    const activity = await eventually("the campaign's marketing activity", async () => {
      const { marketingActivities } = (await sim().recorded()) as unknown as {
        marketingActivities: { remoteId: string | null; status: string; utm: Record<string, string> | null }[];
      };
      return marketingActivities.find((a) => a.remoteId === state.campaignId);
    });
    expect(activity).toMatchObject({
      status: "ACTIVE",
      utm: { source: "rapport", medium: "email", campaign: state.campaignId },
    });
  });

  it("emails the customer their own message when their order arrives by webhook", { timeout: 300_000 }, async () => {
    const catalog = (await (await fetch(`${demo.controlUrl}/catalog`)).json()) as { id: number; title: string }[];
    const product = catalog.find((p) => /^[\w -]+$/.test(p.title)) ?? catalog[0];
    state.product = { id: String(product.id), title: product.title };
    await sim().placeOrder({ customerId: state.customerId, lines: [{ productId: product.id, quantity: 1 }] });

    const subject = `How is ${product.title} working out, ${state.firstName}?`;
    const email = await eventually(
      "the customer's email in the inbox",
      async () => (await mail().messages()).find((m) => m.subject === subject),
      240_000,
      2000,
      () => pipelineState(demo),
    );
    expect(email.to).toHaveLength(1);
    state.address = email.to[0];
    expect(mine(await mail().messages())).toHaveLength(1);
    expect(email.text).toContain(`Hi ${state.firstName},`);
    expect(email.text).toContain(`We hope ${product.title} is everything you wanted.`);
    expect(email.html).toContain(state.firstName);
    expect(email.html).toContain("<html");

    state.trackedUrl = /See your product: (\S+)/.exec(email.text ?? "")?.[1] ?? "";
    state.unsubscribeUrl = /Unsubscribe: (\S+)/.exec(email.text ?? "")?.[1] ?? "";
    expect(state.trackedUrl.startsWith(`${demo.appUrl}/proxy/r/`), state.trackedUrl).toBe(true);
    expect(state.unsubscribeUrl.startsWith(`${demo.appUrl}/proxy/u/`), state.unsubscribeUrl).toBe(true);
    expect(email.html).toContain(`href="${state.trackedUrl}"`);
    expect(email.html).toContain(`href="${state.unsubscribeUrl}"`);
    // RFC 8058: the link in angle brackets and the one-click marker.
    expect(email.headers["list-unsubscribe"]).toContain(`<${state.unsubscribeUrl}>`);
    expect(email.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");

    // The inbox page shows it as the newcomer reads it.
    const { page: reader } = await openPage(browser);
    await reader.goto(`${demo.inboxUrl}m/${email.id}`);
    await reader.getByRole("heading", { name: email.subject! }).waitFor();
    await screenshot(reader, "email-in-inbox");
    await reader.context().close();
  });

  it("counts a person's click after the machine window, not a headless browser's", { timeout: 120_000 }, async () => {
    const messageId = await sentMessageId();
    // Past the 10-second window after the send (TOO_SOON_MS) measured from the recorded sentAt.
    const { rows } = await db.pool.query<{ sentAt: Date }>(`SELECT "sentAt" FROM "Message" WHERE id = $1`, [messageId]);
    const wait = rows[0].sentAt.getTime() + 11_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    const headless = await browser.newContext();
    await follow(headless);
    await headless.close();
    expect(await clickRows(messageId)).toEqual({ human: 0, machine: ["bot_agent"] });

    const person = await browser.newContext({ userAgent: DESKTOP_AGENT, viewport: { width: 1280, height: 900 } });
    const landed = await follow(person);
    await person.close();
    expect(landed.host).toBe(demo.shop);
    expect(landed.pathname).toMatch(/^\/products\//);
    expect(
      Object.fromEntries(["utm_source", "utm_medium", "utm_campaign"].map((k) => [k, landed.searchParams.get(k)])),
    ).toEqual({ utm_source: "rapport", utm_medium: "email", utm_campaign: state.campaignId });
    expect(await clickRows(messageId)).toEqual({ human: 1, machine: ["bot_agent"] });
  });

  it("shows the customer's next order as a conversion in Reports, with the click", { timeout: 300_000 }, async () => {
    await sim().placeOrder({ customerId: state.customerId, lines: [{ productId: state.product.id, quantity: 1 }] });
    await eventually(
      "the conversion in the campaign report",
      async () => {
        await visit(`/app/reports?campaign=${state.campaignId}`);
        const converted = (await page.getByTestId("metric-converted").textContent()) ?? "";
        return Number(converted.split(" ")[0]) >= 1 ? converted : undefined;
      },
      240_000,
      3000,
      () => pipelineState(demo),
    );
    // Only this test clicks; the customer's own row says clicked and converted.
    expect(await page.getByTestId("metric-clicked").textContent()).toMatch(/^1 /);
    const csv = await (await page.request.get(`${demo.appUrl}/app/reports/${state.campaignId}/csv`)).text();
    const [header, ...lines] = csv
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    const row = lines.find((l) => l[header.indexOf("customer_id")] === state.customerId);
    expect(row, csv.slice(0, 500)).toBeDefined();
    expect(row![header.indexOf("clicked_at")]).not.toBe("");
    expect(Number(row![header.indexOf("attributed_orders")])).toBeGreaterThanOrEqual(1);
    await accessible(page, "email-reports-conversion");
    // The conversion order gets its own check-in (the cap allows it): sending still works.
    await eventually(
      "the second check-in email",
      async () => (mine(await mail().messages()).length === 2 ? true : undefined),
      240_000,
      2000,
      () => pipelineState(demo),
    );
  });

  it("refuses a bad app-proxy signature and a forged token over HTTP, changing nothing", async () => {
    const messageId = await sentMessageId();
    const proxied = (url: string) =>
      `${url}?shop=${demo.shop}&logged_in_customer_id=&path_prefix=%2Fapps%2Frapport&timestamp=${Math.floor(Date.now() / 1000)}&signature=${"0".repeat(64)}`;
    const oneClick = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    };
    // A request that claims to come through Shopify's app proxy with a wrong signature.
    expect((await fetch(proxied(state.unsubscribeUrl))).status).toBe(400);
    expect((await fetch(proxied(state.unsubscribeUrl), oneClick)).status).toBe(400);
    // A token signed with another key, and the real token pointed at another message.
    const forged = `${demo.appUrl}/proxy/u/${signUnsubscribeToken("not-the-app-secret", messageId)}`;
    const [version, , mac] = state.unsubscribeUrl.split("/u/")[1].split(".");
    const moved = `${demo.appUrl}/proxy/u/${[version, Buffer.from("another-message").toString("base64url"), mac].join(".")}`;
    for (const url of [forged, moved]) {
      const shown = await fetch(url);
      expect(shown.status).toBe(400);
      expect(await shown.text()).toContain("bad signature");
      expect((await fetch(url, oneClick)).status).toBe(400);
    }
    const { rows } = await db.pool.query(`SELECT 1 FROM "Unsubscribe" WHERE "customerId" = $1::bigint`, [
      state.customerId,
    ]);
    expect(rows).toHaveLength(0);
    expect(await shopifyConsent(state.customerId)).toBe("SUBSCRIBED");
  });

  it("unsubscribes through the link: UNSUBSCRIBED in Shopify and in Rapport", { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ userAgent: DESKTOP_AGENT });
    const tab = await context.newPage();
    const shown = await tab.goto(state.unsubscribeUrl);
    expect(shown?.status()).toBe(200);
    // A GET (what link scanners do) changes nothing.
    expect(await shopifyConsent(state.customerId)).toBe("SUBSCRIBED");
    await accessible(tab, "email-unsubscribe-confirm");
    await tab.getByRole("button", { name: "Unsubscribe" }).click();
    await tab.getByRole("heading", { name: "You are unsubscribed" }).waitFor();
    await accessible(tab, "email-unsubscribe-done");
    await context.close();

    await eventually("the opt-out written back to Shopify", async () =>
      (await shopifyConsent(state.customerId)) === "UNSUBSCRIBED" ? true : undefined,
    );
    await visit(`/app/customers/${state.customerId}`);
    await page.getByText(/Email marketing: Unsubscribed/).waitFor();
    await accessible(page, "email-customer-unsubscribed");
  });

  it("reports the day's sends, click and unsubscribe on the marketing activity", async () => {
    const sentSoFar = async () =>
      (
        await db.pool.query<{ sent: number }>(
          `SELECT count(*)::int AS sent FROM "Message" WHERE "campaignId" = $1 AND status = 'sent'`,
          [state.campaignId],
        )
      ).rows[0].sent;
    const before = await sentSoFar();
    // The report covers shop-local days that have ended: run the production task a day later.
    const summary = await reportEngagementAt(demo, new Date(Date.now() + 26 * 3_600_000));
    const after = await sentSoFar();
    expect(summary.refused + summary.uncertain).toBe(0);
    const { marketingEngagements } = (await sim().recorded()) as unknown as {
      marketingEngagements: { remoteId: string | null; input: Record<string, number | string> }[];
    };
    const ours = marketingEngagements.filter((e) => e.remoteId === state.campaignId).map((e) => e.input);
    const total = (key: string) => ours.reduce((n, e) => n + Number(e[key] ?? 0), 0);
    // Every email of the campaign (other customers order too), this customer's click and unsubscribe.
    expect(before).toBeGreaterThanOrEqual(2);
    expect(total("sendsCount")).toBeGreaterThanOrEqual(before);
    expect(total("sendsCount")).toBeLessThanOrEqual(after);
    expect({ clicks: total("clicksCount"), unsubscribes: total("unsubscribesCount") }).toEqual({
      clicks: 1,
      unsubscribes: 1,
    });
  });

  it("takes the mailbox provider's RFC 8058 one-click POST, without a browser", async () => {
    const [, second] = mine(await mail().messages());
    const target = /<([^>]+)>/.exec(second.headers["list-unsubscribe"] ?? "")?.[1] ?? "";
    expect(target.startsWith(`${demo.appUrl}/proxy/u/`), target).toBe(true);
    expect(second.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    // What RFC 8058 section 3.2 says the provider sends: a POST with exactly this body, no cookies.
    const answer = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("You are unsubscribed");
    const { rows } = await db.pool.query<{ source: string }>(
      `SELECT source FROM "Unsubscribe" WHERE "customerId" = $1::bigint ORDER BY "createdAt"`,
      [state.customerId],
    );
    expect(rows.map((r) => r.source)).toEqual(["link", "one_click"]);
  });

  it("sends no further email to the customer after another order", { timeout: 300_000 }, async () => {
    const before = (await mail().messages()).length;
    await sim().placeOrder({ customerId: state.customerId, lines: [{ productId: state.product.id, quantity: 1 }] });
    // The order is decided (a message row for it), and it is kept from the customer by consent.
    const decided = await eventually(
      "the campaign's decision on the third order",
      async () => {
        const { rows } = await db.pool.query<{ status: string; reason: string | null }>(
          `SELECT status, reason FROM "Message" WHERE "campaignId" = $1 AND "customerId" = $2::bigint ORDER BY "createdAt"`,
          [state.campaignId, state.customerId],
        );
        return rows.length >= 3 && rows[2].status !== "pending" && rows[2].status !== "sending" ? rows : undefined;
      },
      240_000,
      2000,
      () => pipelineState(demo),
    );
    expect(decided.slice(0, 2).map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(decided[2].status).toBe("suppressed");
    expect(mine(await mail().messages())).toHaveLength(2);
    expect((await mail().messages()).length).toBe(before);
    expect(errors).toEqual([]);
  });
});

/**
 * Opens the tracked link in a tab of `context` and returns where the browser went after the
 * redirect. The destination is the shop's storefront (https://<shop>/products/…), which does not
 * exist on this machine, and Chromium does not hand redirect hops to Playwright's request routing,
 * so the page cannot render; the browser's own navigation request to it is what is checked.
 */
async function follow(context: BrowserContext): Promise<URL> {
  const tab = await context.newPage();
  const destination = tab.waitForRequest((r) => new URL(r.url()).host === demo.shop && r.isNavigationRequest());
  const navigation = tab.goto(state.trackedUrl).then(
    () => "loaded",
    (error: unknown) => String(error),
  );
  const request = await destination;
  expect(request.redirectedFrom()?.url()).toBe(state.trackedUrl);
  expect(await navigation).toMatch(/ERR_NAME_NOT_RESOLVED|ERR_CONNECTION_REFUSED|loaded/);
  return new URL(request.url());
}

async function sentMessageId(): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `SELECT id FROM "Message" WHERE "campaignId" = $1 AND "customerId" = $2::bigint AND status = 'sent'
      ORDER BY "sentAt" LIMIT 1`,
    [state.campaignId, state.customerId],
  );
  expect(rows).toHaveLength(1);
  return rows[0].id;
}

async function clickRows(messageId: string): Promise<{ human: number; machine: string[] }> {
  const human = await db.pool.query(`SELECT 1 FROM "MessageClick" WHERE "messageId" = $1`, [messageId]);
  const machine = await db.pool.query<{ reason: string }>(
    `SELECT reason FROM "MachineClick" WHERE "messageId" = $1 ORDER BY reason`,
    [messageId],
  );
  return { human: human.rowCount ?? 0, machine: machine.rows.map((r) => r.reason) };
}
