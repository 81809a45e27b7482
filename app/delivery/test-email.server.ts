// "Send a test email" (decision 0171): nodemailer's verify() (connect, TLS, log in) and then one
// real message to the merchant's own address. Only when the server accepted it is the sender
// marked verified, bound to the fingerprint of the configuration that delivered it.
import type { Db } from "~/db.server";
import { loadSender, markVerified, resolveMailConfig, type MailEnv } from "./sender.server";
import { classifySmtpError, singleTransport } from "./smtp.server";

export type TestEmailResult = { ok: true; to: string; messageId: string } | { ok: false; error: string };

export async function sendTestEmail(db: Db, shop: string, mail: MailEnv, now: Date): Promise<TestEmailResult> {
  const sender = await loadSender(db, shop);
  const resolved = resolveMailConfig(shop, sender, mail);
  if (!resolved.ok || !sender) return { ok: false, error: resolved.ok ? "Save the sender first." : resolved.error };
  const { config } = resolved;
  const transport = singleTransport(config.smtp);
  try {
    try {
      await transport.verify();
    } catch (error) {
      return {
        ok: false,
        error: `The SMTP server refused the connection or the login; nothing was sent. ${classifySmtpError(error).message}`,
      };
    }
    const to = sender.fromAddress;
    const info = await transport.sendMail({
      from: config.from,
      to,
      replyTo: config.replyTo,
      subject: "Rapport test email: your sender works",
      text: `This test email was sent by Rapport through ${config.operator ? "the app's email service" : `your SMTP server ${config.smtp.host}`} from ${config.from.address}.\n\nCampaigns on the email channel can now be activated.\n`,
    });
    await markVerified(db, shop, config.fingerprint, now);
    return { ok: true, to, messageId: info.messageId };
  } catch (error) {
    return { ok: false, error: `The SMTP server did not accept the test email. ${classifySmtpError(error).message}` };
  } finally {
    transport.close();
  }
}
