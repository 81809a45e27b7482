// A campaign as a Shopify external marketing activity (decision 0175): its UTM parameters, the
// upsert input, and the UTM parameters put on the campaign's tracked links, so Shopify attributes
// the storefront sessions and orders those links bring to the activity.

export type ActivityStatus = "ACTIVE" | "PAUSED" | "INACTIVE";

export interface CampaignFacts {
  id: string;
  name: string;
  /** "email" | "shopify_email" | "flow" (Campaign.channel). */
  channel: string;
  activatedAt: Date | null;
}

export interface Utm {
  source: string;
  medium: string;
  campaign: string;
}

export const UTM_SOURCE = "rapport";
/** Shopify's title limit is not documented; the campaign name is bounded at save, this is a guard. */
const MAX_TITLE = 255;

/** Email for both email channels; the Flow hand-off's medium is whatever app the merchant wires up. */
export function utmMedium(channel: string): string {
  return channel === "email" || channel === "shopify_email" ? "email" : "flow";
}

/** utm_campaign is the campaign id: unique per shop (Shopify refuses two activities with one UTM triple) and stable across renames. */
export function utmFor(campaign: Pick<CampaignFacts, "id" | "channel">): Utm {
  return { source: UTM_SOURCE, medium: utmMedium(campaign.channel), campaign: campaign.id };
}

/** Shopify's MarketingChannel for the channel; Flow hand-offs reach customers through the merchant's other apps. */
export function marketingChannelType(channel: string): "EMAIL" | "REFERRAL" {
  return utmMedium(channel) === "email" ? "EMAIL" : "REFERRAL";
}

/**
 * The MarketingActivityUpsertExternalInput. Upsert clears any optional field left out, so every
 * call sends the whole activity, with the same UTM (Shopify refuses to change it).
 */
export function upsertInput(campaign: CampaignFacts, status: ActivityStatus, remoteUrl: string, now: Date) {
  return {
    remoteId: campaign.id,
    title: (campaign.name.trim() || "Rapport campaign").slice(0, MAX_TITLE),
    remoteUrl,
    status,
    tactic: "NEWSLETTER",
    marketingChannelType: marketingChannelType(campaign.channel),
    utm: utmFor(campaign),
    start: (campaign.activatedAt ?? now).toISOString(),
    ...(status === "INACTIVE" ? { end: now.toISOString() } : {}),
  };
}

/** Where the merchant manages the campaign (the activity's remoteUrl). */
export function campaignUrl(appUrl: string, campaignId: string): string {
  return `${appUrl.replace(/\/+$/, "")}/app/campaigns/${encodeURIComponent(campaignId)}`;
}

/**
 * The destination with the activity's UTM parameters. Ours replace a merchant's own utm_source,
 * utm_medium and utm_campaign (Shopify matches sessions to the activity by them); utm_content and
 * utm_term are left alone. A destination that is not a URL is returned unchanged.
 */
export function withUtm(destination: string, utm: Utm): string {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return destination;
  }
  url.searchParams.set("utm_source", utm.source);
  url.searchParams.set("utm_medium", utm.medium);
  url.searchParams.set("utm_campaign", utm.campaign);
  return url.toString();
}
