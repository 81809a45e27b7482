// The email channel end to end below the browser: real PostgreSQL, the simulator over HTTP and a
// real SMTP server whose traffic is parsed with mailparser (decisions 0171–0173).
import { afterEach, describe, expect, it } from "vitest";
import { activateCampaign } from "~/campaigns/service.server";
import { drainOutbox } from "~/delivery/outbox.server";
import { clickTrackedLinks } from "~/delivery/links.server";
import { campaignDeliveryHealth } from "~/delivery/health.server";
import { loadSender, saveSender, senderStatus, type MailEnv } from "~/delivery/sender.server";
import { sendTestEmail } from "~/delivery/test-email.server";
import { unsubscribe } from "~/delivery/unsubscribe.server";
import { writeBackUnsubscribe } from "~/delivery/tasks.server";
import { closeTransports } from "~/delivery/smtp.server";
import { campaignContext, testClock, type CampaignTestContext } from "~tests/support/campaigns";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import {
  APP_SECRET,
  emailCampaign,
  pendingMessages,
  senderForm,
  simCustomers,
  startLocalInbox,
  testEmailDeps,
  testMailEnv,
  type LocalInbox,
  type SimCustomer,
} from "~tests/support/email";
import { startTestSimulator, type TestSimulator } from "~tests/support/simulator";

const NOW = new Date("2026-11-27T12:00:00Z");

let database: TestDatabase;
let test: TestSimulator;
let inbox: LocalInbox | undefined;
let ctx: CampaignTestContext;
let shop: string;
let mail: MailEnv;
let customers: SimCustomer[];
let campaignId: string;

async function setUp(options: { count?: number; verify?: boolean; auth?: { user: string; pass: string } } = {}) {
  test = await startTestSimulator({ customers: 20 });
  shop = test.sim.shop;
  database = await createTestDatabase();
  ctx = await campaignContext(database, test.sim, testClock(NOW), { maxAttempts: 1 });
  inbox = await startLocalInbox({ auth: options.auth });
  mail = testMailEnv(inbox);
  customers = simCustomers(test.sim, options.count ?? 3);
  campaignId = await emailCampaign(database, shop, customers, mail);
  if (options.verify !== false) {
    const verified = await sendTestEmail(database, shop, mail, NOW);
    expect(verified).toMatchObject({ ok: true });
    const activated = await activateCampaign(ctx, shop, campaignId, mail);
    expect(activated).toMatchObject({ ok: true });
  }
}

const drain = (extra: Parameters<typeof drainOutbox>[1] = {}) =>
  drainOutbox(ctx, { email: testEmailDeps(database, mail), ctaLink: clickTrackedLinks(APP_SECRET), ...extra });
/** A raw header's value, unfolded (mailparser turns List-* headers into objects). */
const header = (m: { parsed: { headerLines: readonly { key: string; line: string }[] } }, name: string) =>
  m.parsed.headerLines
    .find((l) => l.key === name)
    ?.line.replace(/^[^:]*:\s*/, "")
    .replace(/\r?\n[ \t]+/g, "");
const campaignMails = () => inbox!.messages.filter((m) => !m.parsed.subject?.startsWith("Rapport test email"));
const messages = () => database.prisma.message.findMany({ orderBy: { customerId: "asc" } });

afterEach(async () => {
  closeTransports();
  await inbox?.stop();
  inbox = undefined;
  await database?.drop();
  await test?.stop();
});

describe("sending", () => {
  it("mails each customer their own words: both parts, escaped HTML, footer, RFC 8058 headers, Message-ID recorded", async () => {
    await setUp({ count: 2 });
    const hostile = `Hello ${customers[0].firstName} <script>alert(1)</script> & "friends"\n\nSecond <b>paragraph</b>`;
    await pendingMessages(
      database,
      shop,
      campaignId,
      [
        { customerId: customers[0].id, subject: `For <${customers[0].firstName}>`, body: hostile },
        { customerId: customers[1].id, subject: `For ${customers[1].firstName}`, body: "Plain words" },
      ],
      NOW,
    );
    expect(await drain()).toMatchObject({ sent: 2, failed: 0 });
    await inbox!.waitFor(3); // the test email + two
    const mails = campaignMails();
    expect(mails).toHaveLength(2);
    const first = mails.find((m) => m.envelope.to[0] === customers[0].email)!;
    expect(first.parsed.subject).toBe(`For <${customers[0].firstName}>`);
    expect(first.parsed.text).toContain(`Hello ${customers[0].firstName} <script>alert(1)</script> & "friends"`);
    const html = String(first.parsed.html);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>paragraph");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("150 Elgin Street"); // the shop's shopAddress from the Admin API
    expect(first.parsed.text).toContain("150 Elgin Street");
    expect(first.parsed.from?.value[0]).toMatchObject({
      name: "Acme Store",
      address: `${shop.split(".")[0]}@mail.rapport.test`,
    });
    expect(first.parsed.replyTo?.value[0].address).toBe("hello@acme.test");
    const listUnsubscribe = String(header(first, "list-unsubscribe"));
    expect(listUnsubscribe).toMatch(/^<http:\/\/127\.0\.0\.1:1\/proxy\/u\/u1\.[\w-]+\.[\w-]+>$/);
    expect(header(first, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(html).toContain(listUnsubscribe.slice(1, -1));
    // The call-to-action is the signed click link, as a button.
    expect(html).toMatch(/href="https:\/\/[^"]+\/apps\/rapport\/r\/v2\./);
    const rows = await messages();
    expect(rows.map((r) => [r.status, r.channel])).toEqual([
      ["sent", "email"],
      ["sent", "email"],
    ]);
    const row = rows.find((r) => String(r.customerId) === customers[0].id)!;
    expect(row.providerMessageId).toBe(first.parsed.messageId);
  });

  it("reads consent again at send time: no email, unsubscribed and pending consent are skipped with the reason", async () => {
    await setUp({ count: 3 });
    await database.pool.query(`UPDATE "Customer" SET email = NULL WHERE shop = $1 AND id = $2`, [
      shop,
      customers[0].id,
    ]);
    await database.pool.query(`UPDATE "Customer" SET "emailMarketing" = 'UNSUBSCRIBED' WHERE shop = $1 AND id = $2`, [
      shop,
      customers[1].id,
    ]);
    await pendingMessages(
      database,
      shop,
      campaignId,
      customers.map((c) => ({ customerId: c.id, subject: "S", body: "B" })),
      NOW,
    );
    expect(await drain()).toMatchObject({ sent: 1, suppressed: 2 });
    const byId = new Map((await messages()).map((m) => [String(m.customerId), m]));
    expect(byId.get(customers[0].id)).toMatchObject({ status: "suppressed", reason: "no_email at send time" });
    expect(byId.get(customers[1].id)).toMatchObject({
      status: "suppressed",
      reason: "consent_unsubscribed at send time",
    });
    await inbox!.waitFor(2);
    expect(campaignMails().map((m) => m.envelope.to[0])).toEqual([customers[2].email]);
  });
});

describe("bad input", () => {
  it("wrong SMTP credentials: refused at verification with the server's reply, nothing sent, activation refused", async () => {
    await setUp({ count: 1, verify: false, auth: { user: "merchant", pass: "right" } });
    const saved = await saveSender(
      database,
      shop,
      senderForm({
        smtpMode: "own",
        smtpHost: "127.0.0.1",
        smtpPort: String(inbox!.smtpPort),
        smtpTls: "none",
        smtpUser: "merchant",
        smtpPassword: "wrong",
      }),
      mail,
    );
    expect(saved.ok).toBe(true);
    const stored = await loadSender(database, shop);
    expect(stored?.smtp?.passwordEnc).toMatch(/^rsb1:t1:/); // encrypted at rest
    const result = await sendTestEmail(database, shop, mail, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/535 Authentication credentials invalid/);
    expect(inbox!.messages).toHaveLength(0);
    expect(senderStatus(shop, await loadSender(database, shop), mail).verified).toBe(false);
    expect(await activateCampaign(ctx, shop, campaignId, mail)).toMatchObject({
      ok: false,
      errors: { channel: [expect.stringMatching(/not verified/)] },
    });
    // The right password verifies; changing the password afterwards needs a new test.
    await saveSender(
      database,
      shop,
      senderForm({
        smtpMode: "own",
        smtpHost: "127.0.0.1",
        smtpPort: String(inbox!.smtpPort),
        smtpTls: "none",
        smtpUser: "merchant",
        smtpPassword: "right",
      }),
      mail,
    );
    expect(await sendTestEmail(database, shop, mail, NOW)).toMatchObject({ ok: true });
    expect(await activateCampaign(ctx, shop, campaignId, mail)).toMatchObject({ ok: true });
    await saveSender(
      database,
      shop,
      senderForm({
        smtpMode: "own",
        smtpHost: "127.0.0.1",
        smtpPort: String(inbox!.smtpPort),
        smtpTls: "none",
        smtpUser: "merchant",
        smtpPassword: "changed",
      }),
      mail,
    );
    expect(senderStatus(shop, await loadSender(database, shop), mail).verified).toBe(false);
  });

  it("an invalid from address is refused at save with a clear error, and nothing is stored", async () => {
    await setUp({ count: 1, verify: false });
    const before = await loadSender(database, shop);
    const result = await saveSender(
      database,
      shop,
      senderForm({ fromAddress: "hello at acme", fromName: "Acme\r\nBcc: x@evil.test" }),
      mail,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        fromAddress: "Enter a valid email address, such as hello@yourstore.com",
        fromName: "The sender name must be one line",
      },
    });
    expect(await loadSender(database, shop)).toEqual(before);
  });

  it("provider answering 4xx: retried with backoff, then failed with the reply; sent to nobody, campaign shows failing", async () => {
    await setUp({ count: 2 });
    await pendingMessages(
      database,
      shop,
      campaignId,
      customers.map((c) => ({ customerId: c.id, subject: "S", body: "B" })),
      NOW,
    );
    inbox!.reject({ code: 451, message: "4.3.0 Try again later" });
    expect(await drain({ maxAttempts: 2 })).toMatchObject({ sent: 0, retried: 2 });
    let rows = await messages();
    expect(
      rows.every(
        (r) => r.status === "pending" && r.lastError === "SMTP 451 4.3.0 Try again later" && r.callStartedAt === null,
      ),
    ).toBe(true);
    expect((await campaignDeliveryHealth(database, shop, campaignId, ctx.now())).failing).toMatch(
      /2 messages are waiting to be retried\. Last reason: SMTP 451/,
    );
    ctx.clock.advance(30_000);
    expect(await drain({ maxAttempts: 2 })).toMatchObject({ sent: 0, failed: 2 });
    rows = await messages();
    expect(rows.map((r) => r.lastError)).toEqual(
      Array(2).fill("gave up after 2 attempts: SMTP 451 4.3.0 Try again later"),
    );
    expect((await campaignDeliveryHealth(database, shop, campaignId, ctx.now())).failing).toMatch(
      /^2 messages failed in the last 7 days and none was sent since/,
    );
    inbox!.reject(null);
    ctx.clock.advance(3_600_000);
    expect(await drain()).toMatchObject({ sent: 0, failed: 0 }); // failed stays failed: never sent twice
    expect(campaignMails()).toHaveLength(0);
  });

  it("provider down (connection refused): retried, then sent once when it is back; a 5xx fails at once with the reply", async () => {
    await setUp({ count: 2 });
    const port = inbox!.smtpPort;
    await inbox!.stop();
    closeTransports();
    await pendingMessages(database, shop, campaignId, [{ customerId: customers[0].id, subject: "S", body: "B" }], NOW);
    expect(await drain({ maxAttempts: 3 })).toMatchObject({ retried: 1 });
    const [waiting] = await messages();
    expect(waiting.lastError).toMatch(/^cannot reach the SMTP server \(ECONNREFUSED\)/);
    // Back on the same port.
    inbox = await startLocalInbox({ smtpPort: port });
    ctx.clock.advance(30_000);
    expect(await drain({ maxAttempts: 3 })).toMatchObject({ sent: 1 });
    await inbox.waitFor(1);
    expect(inbox.countsByRecipient().get(customers[0].email!)).toBe(1);
    inbox.reject({ code: 550, message: "5.1.1 Mailbox does not exist" });
    await pendingMessages(database, shop, campaignId, [{ customerId: customers[1].id, subject: "S", body: "B" }], NOW);
    expect(await drain({ maxAttempts: 3 })).toMatchObject({ failed: 1, retried: 0 });
    const failed = (await messages()).find((m) => String(m.customerId) === customers[1].id)!;
    expect(failed).toMatchObject({ status: "failed", lastError: "SMTP 550 5.1.1 Mailbox does not exist" });
  });
});

describe("unsubscribe", () => {
  it("one click: recorded once, stops every further email at once, written back to Shopify as UNSUBSCRIBED", async () => {
    await setUp({ count: 1 });
    const customer = customers[0];
    await pendingMessages(database, shop, campaignId, [{ customerId: customer.id, subject: "S", body: "B" }], NOW);
    expect(await drain()).toMatchObject({ sent: 1 });
    await inbox!.waitFor(2);
    const token = String(header(campaignMails()[0], "list-unsubscribe")).match(/\/u\/([^>]+)>$/)![1];
    const uctx = { ...ctx, appSecret: APP_SECRET };
    expect(await unsubscribe(uctx, { token: token.slice(0, -2) + "xx", source: "one_click" })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await unsubscribe(uctx, { token, source: "one_click" })).toMatchObject({ ok: true, recorded: true });
    expect(await unsubscribe(uctx, { token, source: "link" })).toMatchObject({ ok: true, recorded: false });
    const rows = await database.prisma.unsubscribe.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop, campaignId, source: "one_click", writtenBackAt: null });
    const [c] = (
      await database.pool.query(`SELECT "emailMarketing" FROM "Customer" WHERE shop = $1 AND id = $2`, [
        shop,
        customer.id,
      ])
    ).rows;
    expect(c.emailMarketing).toBe("UNSUBSCRIBED");
    expect(ctx.queue.jobs.filter((j) => j.task === "delivery.consentWriteBack")).toHaveLength(1);
    // The write-back: a first 5xx is recorded and thrown (graphile-worker retries), then it lands.
    test.sim.faults.inject({ kind: "error", status: 503, count: 10, operationName: "CustomerEmailConsentUpdate" });
    await expect(writeBackUnsubscribe(ctx, shop, rows[0].id)).rejects.toThrow();
    expect((await database.prisma.unsubscribe.findFirstOrThrow()).lastError).toMatch(/503/);
    test.sim.faults.clear();
    expect(await writeBackUnsubscribe(ctx, shop, rows[0].id)).toBe("written");
    expect(await database.prisma.unsubscribe.findFirstOrThrow()).toMatchObject({ lastError: null, writtenBackAt: NOW });
    expect(test.sim.recorded.consentUpdates.at(-1)).toMatchObject({
      customerId: Number(customer.id),
      channel: "email",
      marketingState: "UNSUBSCRIBED",
    });
    expect(test.sim.store.customer(Number(customer.id))?.emailState).toBe("UNSUBSCRIBED");
    // No further email.
    await pendingMessages(
      database,
      shop,
      campaignId,
      [{ customerId: customer.id, subject: "S2", body: "B2", triggerKey: "t2" }],
      NOW,
    );
    expect(await drain()).toMatchObject({ sent: 0, suppressed: 1 });
    expect(campaignMails()).toHaveLength(1);
  });
});
