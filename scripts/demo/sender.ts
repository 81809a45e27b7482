// The demo's email sender: the app's default SMTP (the local inbox, RAPPORT_SMTP_URL), verified by
// a real test email, so campaigns on the email channel (the default) can be activated at once.
import type { AppContext } from "~/runtime/app-context.server";
import { mailEnvFromProcess, saveSender } from "~/delivery/sender.server";
import { sendTestEmail } from "~/delivery/test-email.server";

export async function configureDemoSender(ctx: AppContext, shop: string): Promise<void> {
  const mail = mailEnvFromProcess();
  const handle = shop.replace(/\.myshopify\.com$/, "");
  const saved = await saveSender(
    ctx.db,
    shop,
    {
      fromName: handle,
      fromAddress: `owner@${handle}.example`,
      replyTo: "",
      smtpMode: "operator",
      smtpPort: "587",
      smtpTls: "starttls",
      ratePerSecond: "10",
    },
    mail,
  );
  if (!saved.ok) throw new Error(`demo sender: ${JSON.stringify(saved.errors)}`);
  const verified = await sendTestEmail(ctx.db, shop, mail, new Date());
  if (!verified.ok) throw new Error(`demo sender: ${verified.error}`);
}
