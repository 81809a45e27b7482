// What the app may say happened to a message (decision 0181). On the Shopify Email and Flow
// channels Rapport's last step is Shopify accepting the trigger; whether an email or SMS then went
// out is up to the merchant's workflow, so those messages are "handed to Shopify", never "sent".
import { isFlowChannel } from "./flow/lifecycle";

/** The label of the count of messages that left Rapport, for campaigns on these channels. */
export function sentLabel(channels: readonly (string | null | undefined)[]): string {
  const known = channels.filter((c): c is string => typeof c === "string");
  const handed = known.filter((c) => isFlowChannel(c)).length;
  if (known.length === 0 || handed === 0) return "Sent";
  return handed === known.length ? "Handed to Shopify" : "Sent or handed to Shopify";
}

/** A message's status as reports and exports show it. */
export function deliveredStatus(status: string, channel: string | null | undefined): string {
  return status === "sent" && isFlowChannel(channel) ? "handed_to_shopify" : status;
}

/** SQL for the same, given the message's and its campaign's channel columns. */
export const DELIVERED_STATUS_SQL = (message: string, campaign: string): string =>
  `CASE WHEN ${message}.status = 'sent' AND COALESCE(${message}.channel, ${campaign}.channel) IN ('shopify_email', 'flow') THEN 'handed_to_shopify' ELSE ${message}.status END`;
