// Fires the "Rapport message" Flow trigger for one message (extensions/rapport-message).
import { AdminApiError, type AdminGraphql } from "~/shopify/admin";
import { FLOW_TRIGGER_RECEIVE } from "~/shopify/queries/flow";

export const FLOW_HANDLE = "rapport-message";
/** Shopify rejects trigger payloads over 50,000 bytes ("Properties size exceeds the limit"). */
export const MAX_PAYLOAD_BYTES = 50_000;

export interface FlowMessage {
  customerId: string;
  subject: string;
  body: string;
  ctaUrl: string;
  campaignName: string;
  pillar: string;
}

/** Keys match the extension's field keys exactly; customer_id is the customer reference. */
export function flowPayload(m: FlowMessage): Record<string, unknown> {
  return {
    customer_id: Number(m.customerId),
    Subject: m.subject,
    Body: m.body,
    "Call to action URL": m.ctaUrl,
    Campaign: m.campaignName,
    Pillar: m.pillar,
  };
}

interface FlowResult {
  flowTriggerReceive: { userErrors: { field: string[] | null; message: string }[] } | null;
}

/** Resolves when Shopify accepted the trigger; throws AdminApiError (kind "user" for userErrors). */
export async function fireFlowTrigger(admin: AdminGraphql, m: FlowMessage): Promise<void> {
  const payload = flowPayload(m);
  const size = Buffer.byteLength(JSON.stringify(payload));
  if (size > MAX_PAYLOAD_BYTES)
    throw new AdminApiError("user", `message is ${size} bytes; Flow accepts at most ${MAX_PAYLOAD_BYTES}`, false);
  // Not idempotent: a retried trigger after a timeout could send the message twice.
  const data = await admin.request<FlowResult>(
    FLOW_TRIGGER_RECEIVE,
    { handle: FLOW_HANDLE, payload },
    { idempotent: false },
  );
  const errors = data.flowTriggerReceive?.userErrors ?? [];
  if (errors.length > 0) {
    throw new AdminApiError(
      "user",
      errors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)).join("; "),
      false,
      errors,
    );
  }
}
