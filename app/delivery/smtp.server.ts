// SMTP through nodemailer (decision 0171): one pooled transport per sender configuration, reused
// across drains, and every failure sorted into what the outbox may do with it.
import nodemailer from "nodemailer";
import type { NodemailerError } from "nodemailer/lib/errors";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type Mail from "nodemailer/lib/mailer";

export type SmtpOptions = SMTPPool.Options;
export type Transport = ReturnType<typeof createPooled>;

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

function createPooled(options: SmtpOptions) {
  return nodemailer.createTransport({ ...TIMEOUTS, ...options, pool: true, maxConnections: 4, maxMessages: 500 });
}

const transports = new Map<string, Transport>();

/** The pooled transport for a configuration (keyed by its fingerprint, which covers the password). */
export function pooledTransport(fingerprint: string, options: SmtpOptions): Transport {
  let transport = transports.get(fingerprint);
  if (!transport) {
    transport = createPooled(options);
    transports.set(fingerprint, transport);
  }
  return transport;
}

/** What the email channel sends through: the pooled transport of a configuration, unless the AppContext hands in another. */
export interface MailTransport {
  sendMail(mail: SendMail): Promise<{ messageId: string }>;
}
export type TransportFor = (fingerprint: string, options: SmtpOptions) => MailTransport;

/** Closes every pooled connection (process shutdown, tests). */
export function closeTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/** A one-off, unpooled transport: the test email must open its own connection and log in. */
export function singleTransport(options: SmtpOptions) {
  return nodemailer.createTransport({ ...TIMEOUTS, ...options, pool: false });
}

export type SendMail = Mail.Options;

/**
 * What a failed SMTP send means for the message:
 * - "transient": the server did not take it (4xx, or no connection was ever made): retry later;
 * - "permanent": the server refused it for good (5xx): failed with the server's reply;
 * - "unknown": the connection broke or timed out mid-session, after which the server may already
 *   have accepted it: failed, never resent (at most once, decision 0050).
 */
export type SmtpFailure = { kind: "transient" | "permanent" | "unknown"; message: string };

const NEVER_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);
const BEFORE_ANY_COMMAND = new Set(["CONNECT_TIMEOUT", "GREETING_TIMEOUT", "UPGRADE_TIMEOUT"]);

export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (error ?? {}) as NodemailerError;
  const message = (e.response ?? e.message ?? String(error)).trim();
  if (typeof e.responseCode === "number") {
    if (e.responseCode >= 500) return { kind: "permanent", message: `SMTP ${message}` };
    return { kind: "transient", message: `SMTP ${message}` };
  }
  const cause = e.originalCode ?? e.code ?? "";
  if (NEVER_CONNECTED.has(cause) || (e.timeoutType && BEFORE_ANY_COMMAND.has(e.timeoutType)))
    return { kind: "transient", message: `cannot reach the SMTP server (${cause || e.timeoutType}): ${e.message}` };
  if (e.code === "EAUTH" || e.code === "ENOAUTH" || e.code === "ECONFIG" || e.code === "EENVELOPE")
    return { kind: "permanent", message: `${e.code}: ${e.message}` };
  return { kind: "unknown", message: `${e.code ?? "error"}: ${e.message}` };
}
