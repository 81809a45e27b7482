// How a campaign's message reaches the customer (decision 0170). The sentences are what the
// editor and Settings show: each says what the customer really receives, nothing more.
import { z } from "zod";

export const CHANNELS = ["email", "shopify_email", "flow"] as const;
export type Channel = (typeof CHANNELS)[number];

export const channelSchema = z.enum(CHANNELS, { error: "Choose how the customer receives the message." });

/** The channel of new campaigns when the shop has not chosen one: the one that carries Rapport's words. */
export const DEFAULT_CHANNEL: Channel = "email";
/**
 * A draft that names no channel (API callers and rows from before channels existed) keeps the
 * Flow trigger it always had.
 */
export const LEGACY_CHANNEL: Channel = "flow";

export const CHANNEL_INFO: Record<Channel, { label: string; receives: string }> = {
  email: {
    label: "Email from Rapport",
    receives:
      "The customer receives an email with exactly this subject, body and button, sent by Rapport from your sender address, with an unsubscribe link.",
  },
  shopify_email: {
    label: "Shopify Email",
    receives:
      "Rapport only decides who and when; the customer receives your Shopify Email design for this campaign, not the subject and body written here.",
  },
  flow: {
    label: "Shopify Flow",
    receives:
      "Rapport fires the Rapport message Flow trigger with this subject, body and link; the customer receives whatever your Flow workflow sends with them, and nothing if no enabled workflow uses the trigger.",
  },
};

export function isChannel(value: unknown): value is Channel {
  return channelSchema.safeParse(value).success;
}
