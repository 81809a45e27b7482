// The demo's email sender: the app's default SMTP (the local inbox, RAPPORT_SMTP_URL), verified by
// a real test email, so campaigns on the email channel (the default) can be activated at once.
import type { AppContext } from "~/runtime/app-context.server";
import { mailEnvFromProcess } from "~/delivery/sender.server";
import { verifiedSender } from "../bench/store-seed";

export async function configureDemoSender(ctx: AppContext, shop: string): Promise<void> {
  const mail = mailEnvFromProcess();
  const handle = shop.replace(/\.myshopify\.com$/, "");
  await verifiedSender(
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
    "demo sender",
  );
}
