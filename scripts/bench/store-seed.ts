// Store seeding shared by the benchmarks, the soak and the demo: a sender verified by a real test
// email, guardrails that stay out of the way, and the campaign every order fires. What each one
// measures differs; the store they measure it on should not.
import type { Db } from "~/db.server";
import { saveSender, type MailEnv } from "~/delivery/sender.server";
import { sendTestEmail } from "~/delivery/test-email.server";
import type { Channel } from "~/delivery/rules/channels";

/** No quiet hours (start = end is an empty window) and a cap a busy customer's messages pass. */
export const OPEN_GUARDRAILS = { guardrails: { capCount: 50, capDays: 1, quietStart: "00:00", quietEnd: "00:00" } };

/** Saves `form` as the shop's sender and verifies it with a test email; throws, prefixed by `label`, when either fails. */
export async function verifiedSender(
  db: Db,
  shop: string,
  form: Record<string, string>,
  mail: MailEnv,
  label: string,
  now = new Date(),
): Promise<void> {
  const saved = await saveSender(db, shop, form, mail);
  if (!saved.ok) throw new Error(`${label}: ${JSON.stringify(saved.errors)}`);
  const verified = await sendTestEmail(db, shop, mail, now);
  if (!verified.ok) throw new Error(`${label}: ${verified.error}`);
}

export interface ThankYouCampaign {
  name: string;
  channel: Channel;
  holdoutPercent: number;
  attributionDays?: number;
}

/** An active lifecycle campaign that every order fires at once (order_placed, no delay) to subscribed customers. */
export async function createThankYouCampaign(db: Db, shop: string, campaign: ThankYouCampaign): Promise<void> {
  await db.prisma.campaign.create({
    data: {
      shop,
      ...campaign,
      pillar: "lifecycle",
      status: "active",
      definition: { type: "consent", channel: "email", states: ["SUBSCRIBED"] },
      trigger: { kind: "event", event: "order_placed", delayDays: 0 },
      subject: "Thanks, {{ customer.first_name }}",
      body: "Hi {{ customer.first_name }},\n\nThank you for your order.",
      ctaLabel: "Visit the shop",
      ctaUrl: `https://${shop}/`,
    },
  });
}
