// The email channel of the outbox (decision 0171): one claimed message → one SMTP send through the
// shop's pooled transport, at the shop's pace. The outbox owns the message's states; this module
// says what happened: sent (with the Message-ID), retry later, or failed for good.
import type { AppContext } from "~/runtime/app-context.server";
import { buildEmail } from "~/delivery/rules/email/build";
import { SHOP_SENDER_FACTS } from "~/shopify/queries/consent";
import { env } from "~/env.server";
import { resolveApiSecret } from "~/secrets/app-secrets.server";
import { databasePacer, type Pacer } from "./pace.server";
import {
  loadSender,
  mailEnvFromProcess,
  resolveMailConfig,
  senderStatus,
  type MailConfig,
  type MailEnv,
} from "./sender.server";
import { classifySmtpError, pooledTransport, type TransportFor } from "./smtp.server";
import { unsubscribeBaseFromEnv, unsubscribeUrl } from "./unsubscribe-token.server";

export interface EmailDeps {
  mail: MailEnv;
  appSecret: string;
  pacer: Pacer;
  /** Where a shop's unsubscribe links point: the app proxy (or the app's /proxy in demo mode). */
  unsubscribeBase: (shop: string) => string;
  /** Default: the pooled transports. */
  transport?: TransportFor;
}

export function emailDepsFromProcess(ctx: Pick<AppContext, "db" | "smtp">, signal?: AbortSignal): EmailDeps {
  return {
    transport: ctx.smtp,
    mail: mailEnvFromProcess(),
    appSecret: resolveApiSecret(env()),
    pacer: databasePacer(ctx.db, signal),
    unsubscribeBase: unsubscribeBaseFromEnv(),
  };
}

export interface EmailMessage {
  id: string;
  shop: string;
  email: string;
  subject: string;
  body: string;
  ctaUrl: string;
  ctaLabel: string;
  attempts: number;
}

export type EmailOutcome =
  | { kind: "sent"; providerMessageId: string }
  | { kind: "transient"; reason: string }
  | { kind: "permanent" | "unknown"; reason: string }
  | { kind: "lost_claim" };

interface ShopSending {
  config: MailConfig;
  shop: { name: string; address: string[] };
}

type Prepared = { ok: true; value: ShopSending } | { ok: false; reason: string };

interface ShopFacts {
  shop: {
    name: string;
    shopAddress: {
      company: string | null;
      address1: string | null;
      address2: string | null;
      city: string | null;
      provinceCode: string | null;
      zip: string | null;
      country: string | null;
    };
  };
}

/** The postal address lines for the footer (CAN-SPAM and most laws ask for one). */
export function addressLines(a: ShopFacts["shop"]["shopAddress"]): string[] {
  const cityLine = [a.city, a.provinceCode, a.zip].filter(Boolean).join(" ");
  return [a.address1, a.address2, cityLine, a.country].filter((l): l is string => !!l && l.trim() !== "");
}

/** Per drain: the shop's sender and footer facts, read once for all of its messages. */
export function shopSendingCache(ctx: AppContext, mailEnv: () => MailEnv) {
  const cache = new Map<string, Promise<Prepared>>();
  const prepare = async (shop: string): Promise<Prepared> => {
    const mail = mailEnv();
    const sender = await loadSender(ctx.db, shop);
    const resolved = resolveMailConfig(shop, sender, mail);
    if (!resolved.ok) return { ok: false, reason: resolved.error };
    if (!senderStatus(shop, sender, mail).verified)
      return {
        ok: false,
        reason: "Email sending is not verified for the current sender settings: send a test email in Settings.",
      };
    const admin = await ctx.admin(shop);
    const facts = await admin.request<ShopFacts>(SHOP_SENDER_FACTS);
    const address = addressLines(facts.shop.shopAddress);
    if (address.length === 0)
      return {
        ok: false,
        reason: "The store has no postal address in Shopify (Settings → Store details); emails need one in the footer.",
      };
    return { ok: true, value: { config: resolved.config, shop: { name: facts.shop.name, address } } };
  };
  return (shop: string): Promise<Prepared> => {
    let p = cache.get(shop);
    if (!p) {
      p = prepare(shop).catch((error: unknown) => ({
        ok: false as const,
        reason: `cannot read the store's sender facts: ${error instanceof Error ? error.message : String(error)}`,
      }));
      cache.set(shop, p);
    }
    return p;
  };
}

/**
 * Sends one email. `startCall` commits callStartedAt (and the Message-ID) before the SMTP
 * conversation; when it fails the claim was lost and nothing is sent (decision 0050).
 */
export async function sendEmailMessage(
  m: EmailMessage,
  deps: EmailDeps,
  prepared: Prepared,
  startCall: (providerMessageId: string) => Promise<boolean>,
  ctaLink: (m: { id: string; shop: string; ctaUrl: string }) => string,
): Promise<EmailOutcome> {
  if (!prepared.ok) return { kind: "transient", reason: prepared.reason };
  const { config, shop } = prepared.value;
  const email = await buildEmail({
    subject: m.subject,
    body: m.body,
    cta: m.ctaUrl ? { label: m.ctaLabel, url: ctaLink(m) } : null,
    shop,
    unsubscribeUrl: unsubscribeUrl(deps.appSecret, deps.unsubscribeBase(m.shop), m.id),
  });
  await deps.pacer(m.shop, config.ratePerSecond);
  const domain = config.from.address.split("@")[1] ?? "rapport.invalid";
  const messageId = `<${m.id}.${m.attempts}@${domain}>`;
  if (!(await startCall(messageId))) return { kind: "lost_claim" };
  try {
    const mail = {
      from: config.from,
      to: m.email,
      replyTo: config.replyTo,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
      messageId,
    };
    const info = await (deps.transport ?? pooledTransport)(config.fingerprint, config.smtp).sendMail(mail);
    return { kind: "sent", providerMessageId: info.messageId || messageId };
  } catch (error) {
    const failure = classifySmtpError(error);
    return { kind: failure.kind, reason: failure.message };
  }
}
