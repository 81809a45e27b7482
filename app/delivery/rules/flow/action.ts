// The "Send a Rapport message" Flow action's request, as Shopify documents the action execution
// payload (https://shopify.dev/docs/apps/build/flow/actions/endpoints#flow-action-execution):
// shop_id, shopify_domain, action_run_id, action_definition_id, handle and properties, where
// properties holds the action's fields by key (a customer_reference field arrives as customer_id).
import { z } from "zod";

export const ACTION_HANDLE = "send-rapport-message";
/** The field key of extensions/send-rapport-message/shopify.extension.toml. */
export const CAMPAIGN_FIELD = "campaign";

export const ACTION_KEYS = [
  "shop_id",
  "shopify_domain",
  "action_run_id",
  "action_definition_id",
  "handle",
  "properties",
] as const;

const numericId = z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]);

export const actionPayload = z.object({
  shop_id: numericId,
  shopify_domain: z.string().max(255),
  action_run_id: z.string().trim().min(1).max(255),
  action_definition_id: z.string().max(255).optional(),
  handle: z.string().max(255).optional(),
  properties: z.object({
    customer_id: numericId,
    [CAMPAIGN_FIELD]: z
      .string()
      .trim()
      .min(1, "Pick the Rapport campaign to send in the action's Campaign field.")
      .max(255),
  }),
});

export type ActionPayload = z.output<typeof actionPayload>;

/** One Message per action run: Flow retries a run with the same action_run_id. */
export function actionTriggerKey(actionRunId: string): string {
  return `flow-action:${actionRunId}`;
}
