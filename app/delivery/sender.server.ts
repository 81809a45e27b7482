// The shop's email sender (decision 0171): stored under Shop.settings.sender with the SMTP password
// encrypted (app/secrets), resolved to the SMTP options and From address actually used, and
// verified by a real test email whose success is bound to a fingerprint of that configuration.
import { createHash } from "node:crypto";
import type { Db } from "~/db.server";
import { env } from "~/env.server";
import { appKeyring } from "~/secrets/app-secrets.server";
import { decryptSecret, encryptSecret, type Keyring } from "~/secrets/secret-box.server";
import {
  operatorLocalPart,
  parseSenderForm,
  readStoredSender,
  type SenderErrors,
  type StoredSender,
} from "~/delivery/rules/sender";
import type { SmtpOptions } from "./smtp.server";

/** What sending needs besides the stored sender: the keyring and the operator's SMTP, if any. */
export interface MailEnv {
  keyring: Keyring;
  operatorUrl?: string;
  operatorFromDomain?: string;
}

export function mailEnvFromProcess(): MailEnv {
  const config = env();
  return {
    keyring: appKeyring(),
    operatorUrl: config.RAPPORT_SMTP_URL,
    operatorFromDomain: config.RAPPORT_EMAIL_FROM_DOMAIN,
  };
}

/** The configuration mail goes out with. */
export interface MailConfig {
  smtp: SmtpOptions;
  from: { name: string; address: string };
  replyTo?: string;
  ratePerSecond: number;
  fingerprint: string;
  operator: boolean;
}

export type Resolved = { ok: true; config: MailConfig } | { ok: false; error: string };

function operatorOptions(url: string): SmtpOptions {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  const user = decodeURIComponent(u.username);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: Number(u.port) || (secure ? 465 : 587),
    secure,
    ...(user ? { auth: { user, pass: decodeURIComponent(u.password) } } : {}),
  };
}

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);

export function resolveMailConfig(shop: string, sender: StoredSender | null, mail: MailEnv): Resolved {
  if (!sender) return { ok: false, error: "Set up the email sender in Settings first." };
  const base = { ratePerSecond: sender.ratePerSecond };
  if (!sender.smtp) {
    if (!mail.operatorUrl || !mail.operatorFromDomain)
      return {
        ok: false,
        error: "No default SMTP server is configured for this app: enter your own SMTP server in Settings.",
      };
    const from = { name: sender.fromName, address: `${operatorLocalPart(shop)}@${mail.operatorFromDomain}` };
    const replyTo = sender.replyTo ?? sender.fromAddress;
    const smtp = operatorOptions(mail.operatorUrl);
    // The operator's URL is in the fingerprint, so a change of provider asks for a new test email.
    return {
      ok: true,
      config: {
        ...base,
        smtp,
        from,
        replyTo,
        operator: true,
        fingerprint: hash(["operator", mail.operatorUrl, from, replyTo]),
      },
    };
  }
  const { host, port, tls, user, passwordEnc } = sender.smtp;
  let pass: string;
  try {
    pass = passwordEnc ? decryptSecret(mail.keyring, passwordEnc) : "";
  } catch {
    return {
      ok: false,
      error: "The stored SMTP password cannot be read with this app's keys: enter it again in Settings.",
    };
  }
  const smtp: SmtpOptions = {
    host,
    port,
    secure: tls === "tls",
    requireTLS: tls === "starttls",
    ignoreTLS: tls === "none",
    ...(user ? { auth: { user, pass } } : {}),
  };
  const from = { name: sender.fromName, address: sender.fromAddress };
  const replyTo = sender.replyTo ?? undefined;
  return {
    ok: true,
    config: {
      ...base,
      smtp,
      from,
      replyTo,
      operator: false,
      fingerprint: hash(["own", host, port, tls, user, hash(pass), from, replyTo]),
    },
  };
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export async function loadSender(db: Db, shop: string): Promise<StoredSender | null> {
  const row = await db.prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  return readStoredSender(record(row?.settings).sender);
}

async function storeSender(db: Db, shop: string, sender: StoredSender): Promise<void> {
  // One statement: other settings saved at the same moment are not overwritten.
  const result = await db.pool.query(
    `UPDATE "Shop" SET settings = jsonb_set(COALESCE(settings::jsonb, '{}'::jsonb), '{sender}', $2::jsonb) WHERE domain = $1`,
    [shop, JSON.stringify(sender)],
  );
  if (result.rowCount !== 1) throw new Error(`saveSender: shop ${shop} is not installed`);
}

export type SaveSenderResult = { ok: true; sender: StoredSender } | { ok: false; errors: SenderErrors };

/** Validates and stores the sender; a blank password keeps the stored one for the same server and user. */
export async function saveSender(
  db: Db,
  shop: string,
  form: Record<string, unknown>,
  mail: MailEnv,
): Promise<SaveSenderResult> {
  const parsed = parseSenderForm(form);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const existing = await loadSender(db, shop);
  let smtp: StoredSender["smtp"] = null;
  if (v.smtpMode === "own") {
    const same = existing?.smtp && existing.smtp.host === v.smtpHost && existing.smtp.user === v.smtpUser;
    const passwordEnc = v.smtpPassword
      ? encryptSecret(mail.keyring, v.smtpPassword)
      : same
        ? existing.smtp!.passwordEnc
        : null;
    if (v.smtpUser && !passwordEnc)
      return { ok: false, errors: { smtpPassword: "Enter the SMTP password for this user" } };
    smtp = { host: v.smtpHost.toLowerCase(), port: v.smtpPort, tls: v.smtpTls, user: v.smtpUser, passwordEnc };
  }
  const sender: StoredSender = {
    fromName: v.fromName,
    fromAddress: v.fromAddress,
    replyTo: v.replyTo || null,
    smtp,
    ratePerSecond: v.ratePerSecond,
    // Kept: it only counts while the fingerprint of the new configuration still matches.
    verified: existing?.verified ?? null,
  };
  await storeSender(db, shop, sender);
  return { ok: true, sender };
}

export interface SenderStatus {
  configured: boolean;
  verified: boolean;
  verifiedAt: string | null;
  /** Why sending cannot work as configured, if it cannot. */
  problem: string | null;
  from: string | null;
  operator: boolean;
}

export function senderStatus(shop: string, sender: StoredSender | null, mail: MailEnv): SenderStatus {
  const resolved = resolveMailConfig(shop, sender, mail);
  if (!resolved.ok)
    return {
      configured: !!sender,
      verified: false,
      verifiedAt: null,
      problem: resolved.error,
      from: null,
      operator: false,
    };
  const { config } = resolved;
  const verified = sender?.verified?.fingerprint === config.fingerprint;
  return {
    configured: true,
    verified,
    verifiedAt: verified ? sender!.verified!.at : null,
    problem: null,
    from: `${config.from.name} <${config.from.address}>`,
    operator: config.operator,
  };
}

export async function markVerified(db: Db, shop: string, fingerprint: string, at: Date): Promise<void> {
  await db.pool.query(
    `UPDATE "Shop" SET settings = jsonb_set(settings::jsonb, '{sender,verified}', $2::jsonb) WHERE domain = $1 AND settings::jsonb ? 'sender'`,
    [shop, JSON.stringify({ fingerprint, at: at.toISOString() })],
  );
}

/** Whether the shop's sender is verified as configured now (a campaign on email needs it). */
export async function emailSendingVerified(db: Db, shop: string, mail: MailEnv): Promise<SenderStatus> {
  return senderStatus(shop, await loadSender(db, shop), mail);
}
