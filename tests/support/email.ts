// Email-channel test rig: a real local SMTP server (scripts/demo/inbox.ts), a campaign on the email
// channel for customers that exist in the simulator, and the deps the outbox sends with.
import { randomBytes } from "node:crypto";
import { createCampaign } from "~/campaigns/service.server";
import type { EmailDeps } from "~/delivery/email-channel.server";
import { databasePacer, unpaced } from "~/delivery/pace.server";
import type { MailEnv } from "~/delivery/sender.server";
import { saveSender } from "~/delivery/sender.server";
import { makeKeyring } from "~/secrets/secret-box.server";
import type { Simulator } from "~sim/index";
import type { TestDatabase } from "~tests/support/database";
import { seedStore } from "~tests/support/segment-store";
import { startLocalInbox, type LocalInbox } from "../../scripts/demo/inbox";

export const APP_SECRET = "test-app-secret-for-email";
export const FROM_DOMAIN = "mail.rapport.test";

export function testMailEnv(inbox: LocalInbox | null): MailEnv {
  return {
    keyring: makeKeyring([{ id: "t1", key: randomBytes(32) }]),
    operatorUrl: inbox?.smtpUrl,
    operatorFromDomain: FROM_DOMAIN,
  };
}

export function testEmailDeps(database: TestDatabase, mail: MailEnv, paced = false): EmailDeps {
  return {
    mail,
    appSecret: APP_SECRET,
    pacer: paced ? databasePacer(database) : unpaced,
    unsubscribeBase: () => "http://127.0.0.1:1/proxy",
  };
}

export const senderForm = (over: Record<string, string> = {}) => ({
  fromName: "Acme Store",
  fromAddress: "hello@acme.test",
  replyTo: "",
  smtpMode: "operator",
  smtpHost: "",
  smtpPort: "587",
  smtpTls: "starttls",
  smtpUser: "",
  smtpPassword: "",
  ratePerSecond: "1000",
  ...over,
});

export interface SimCustomer {
  id: string;
  email: string | null;
  firstName: string;
}

/** The simulator's first `count` customers that have an email, as Rapport would have ingested them. */
export function simCustomers(sim: Simulator, count: number): SimCustomer[] {
  const out: SimCustomer[] = [];
  for (let i = 0; out.length < count; i++) {
    const h = sim.store.history(i);
    if (!h) throw new Error(`the simulator has fewer than ${count} customers with an email`);
    if (h.customer.email)
      out.push({ id: String(h.customer.id), email: h.customer.email, firstName: h.customer.firstName ?? `C${i}` });
  }
  return out;
}

export async function emailCampaign(
  database: TestDatabase,
  shop: string,
  customers: { id: string; email: string | null; firstName: string; emailMarketing?: string }[],
  mail: MailEnv,
): Promise<string> {
  await seedStore(database.pool, shop, {
    customers: customers.map((c) => ({
      id: c.id,
      firstName: c.firstName,
      email: c.email,
      emailMarketing: c.emailMarketing ?? "SUBSCRIBED",
    })),
  });
  const saved = await saveSender(database, shop, senderForm(), mail);
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  const created = await createCampaign(database, shop, {
    name: "Email test",
    pillar: "loyalty",
    channel: "email",
    holdoutPercent: 0,
    definition: { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
    trigger: { kind: "relaunch" },
    subject: "Hi {{ customer.first_name }}",
    body: "Body",
    ctaLabel: "See it",
    ctaUrl: "{{ shop.url }}",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return created.campaign.id;
}

/** Materialised messages as the campaigns stage leaves them: rendered words, due now. */
export async function pendingMessages(
  database: TestDatabase,
  shop: string,
  campaignId: string,
  rows: { customerId: string; subject: string; body: string; ctaUrl?: string; triggerKey?: string }[],
  at: Date,
): Promise<void> {
  await database.prisma.message.createMany({
    data: rows.map((r) => ({
      shop,
      campaignId,
      customerId: BigInt(r.customerId),
      triggerKey: r.triggerKey ?? "t",
      status: "pending",
      subject: r.subject,
      body: r.body,
      ctaUrl: r.ctaUrl ?? `https://${shop}/products/new`,
      scheduledFor: at,
    })),
  });
}

export { startLocalInbox, type LocalInbox };
