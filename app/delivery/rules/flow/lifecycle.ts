// The Flow trigger lifecycle callback, as Shopify documents it
// (https://shopify.dev/docs/apps/build/flow/track-lifecycle-events): a JSON POST with
// flow_trigger_definition_id, has_enabled_flow, shop_id, shopify_domain and timestamp. The docs'
// table calls shop_id a Number while their example body sends "690933842", so both are accepted.
import { z } from "zod";

/** The keys Shopify documents, in the order of its example body (the simulator sends exactly these). */
export const LIFECYCLE_KEYS = [
  "flow_trigger_definition_id",
  "has_enabled_flow",
  "shop_id",
  "shopify_domain",
  "timestamp",
] as const;

const MYSHOPIFY = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export const lifecyclePayload = z.object({
  flow_trigger_definition_id: z.string().trim().min(1).max(255),
  has_enabled_flow: z.boolean(),
  shop_id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]),
  shopify_domain: z.string().max(255).regex(MYSHOPIFY),
  timestamp: z.iso.datetime({ offset: true }),
});

export type LifecyclePayload = z.output<typeof lifecyclePayload>;

export interface FlowTriggerState {
  hasEnabledFlow: boolean;
  stateAt: Date;
}

/** Shopify: "Notifications with newer timestamps should take precedence"; an older one is ignored. */
export function supersedes(incoming: Date, current: FlowTriggerState | null): boolean {
  return current === null || incoming.getTime() > current.stateAt.getTime();
}

/** The channels whose messages go through the "Rapport message" trigger. */
export const FLOW_CHANNELS = ["shopify_email", "flow"] as const;
export type FlowChannel = (typeof FLOW_CHANNELS)[number];

export function isFlowChannel(channel: string | null | undefined): channel is FlowChannel {
  return channel === "shopify_email" || channel === "flow";
}

/** Why a campaign on a Flow channel cannot go live yet, in the merchant's words; null when it can. */
export function activationBlock(channel: string, enabled: FlowTriggerState | null): string | null {
  if (!isFlowChannel(channel) || enabled?.hasEnabledFlow) return null;
  const where =
    channel === "shopify_email"
      ? "In Shopify admin, open Marketing › Automations, create an automation that starts with the “Rapport message” trigger and sends your Shopify Email design, and turn it on"
      : "In Shopify Flow, create a workflow that starts with the “Rapport message” trigger and hands the message to your SMS or email app, and turn it on";
  const state = enabled ? "Shopify reports that no workflow using it is turned on" : "Shopify has not reported one yet";
  return `This campaign hands its messages to Shopify through the “Rapport message” trigger, but no turned-on workflow uses that trigger (${state}). ${where}, then activate again. Or switch the campaign to the Email channel.`;
}
