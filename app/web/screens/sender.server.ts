// Settings → Email sender: the stored sender as form values (never the password), its status, and
// the two actions (save; send a test email, which verifies sending).
import type { AppContext } from "~/runtime/app-context.server";
import { SENDER_FORM_DEFAULTS, type SenderErrors, type SenderField } from "~/delivery/rules/sender";
import { loadSender, mailEnvFromProcess, saveSender, senderStatus, type SenderStatus } from "~/delivery/sender.server";
import { sendTestEmail } from "~/delivery/test-email.server";

export interface SenderView {
  form: Record<SenderField, string>;
  hasPassword: boolean;
  status: SenderStatus;
  /** Whether the app's operator configured a default SMTP server (RAPPORT_SMTP_URL). */
  operatorAvailable: boolean;
}

export async function senderView(ctx: Pick<AppContext, "db">, shop: string): Promise<SenderView> {
  const mail = mailEnvFromProcess();
  const sender = await loadSender(ctx.db, shop);
  const form: Record<SenderField, string> = sender
    ? {
        fromName: sender.fromName,
        fromAddress: sender.fromAddress,
        replyTo: sender.replyTo ?? "",
        smtpMode: sender.smtp ? "own" : "operator",
        smtpHost: sender.smtp?.host ?? "",
        smtpPort: String(sender.smtp?.port ?? SENDER_FORM_DEFAULTS.smtpPort),
        smtpTls: sender.smtp?.tls ?? SENDER_FORM_DEFAULTS.smtpTls,
        smtpUser: sender.smtp?.user ?? "",
        smtpPassword: "",
        ratePerSecond: String(sender.ratePerSecond),
      }
    : { ...SENDER_FORM_DEFAULTS, smtpMode: mail.operatorUrl ? "operator" : "own" };
  return {
    form,
    hasPassword: !!sender?.smtp?.passwordEnc,
    status: senderStatus(shop, sender, mail),
    operatorAvailable: !!mail.operatorUrl && !!mail.operatorFromDomain,
  };
}

export type SenderActionResult =
  { form: "sender"; ok: true; message: string } | { form: "sender"; ok: false; errors: SenderErrors; message?: string };

export async function senderAction(
  ctx: Pick<AppContext, "db" | "now">,
  shop: string,
  form: Record<string, string>,
): Promise<SenderActionResult> {
  const mail = mailEnvFromProcess();
  // Both actions save first: the test email always verifies what is on the screen.
  const saved = await saveSender(ctx.db, shop, form, mail);
  if (!saved.ok)
    return { form: "sender", ok: false, errors: saved.errors, message: "Fix the highlighted sender fields" };
  if (form.intent !== "testSender") return { form: "sender", ok: true, message: "Sender saved" };
  const sent = await sendTestEmail(ctx.db, shop, mail, ctx.now());
  return sent.ok
    ? { form: "sender", ok: true, message: `Test email sent to ${sent.to}: sending is verified` }
    : { form: "sender", ok: false, errors: {}, message: sent.error };
}
