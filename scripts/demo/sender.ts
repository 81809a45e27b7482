// The demo's email sender: the app's default SMTP (the local inbox, RAPPORT_SMTP_URL), verified by
// a real test email, so campaigns on the email channel (the default) can be activated at once. The
// local inbox takes mail as fast as it comes: the rate is the most Settings allows, so the replayed
// two months of campaigns (decision 0199) are not held up by pacing.
import type { AppContext } from "~/runtime/app-context.server";
import { mailEnvFromProcess, saveSender } from "~/delivery/sender.server";
import { sendTestEmail } from "~/delivery/test-email.server";
import { MAX_RATE_PER_SECOND } from "~/delivery/rules/sender";

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
      ratePerSecond: String(MAX_RATE_PER_SECOND),
    },
    mail,
  );
  if (!saved.ok) throw new Error(`demo sender: ${JSON.stringify(saved.errors)}`);
  const verified = await sendTestEmail(ctx.db, shop, mail, ctx.now());
  if (!verified.ok) throw new Error(`demo sender: ${verified.error}`);
}
