// The demo's email sender: the app's default SMTP (the local inbox, RAPPORT_SMTP_URL), verified by
// a real test email, so campaigns on the email channel (the default) can be activated at once. The
// local inbox takes mail as fast as it comes: the rate is the most Settings allows, so the replayed
// campaigns (decision 0199) are not held up by pacing.
import type { AppContext } from "~/runtime/app-context.server";
import { mailEnvFromProcess } from "~/delivery/sender.server";
import { MAX_RATE_PER_SECOND } from "~/delivery/rules/sender";
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
      ratePerSecond: String(MAX_RATE_PER_SECOND),
    },
    mail,
    "demo sender",
    ctx.now(),
  );
}
