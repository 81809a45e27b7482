// The guardrails for one would-be message, in order: consent, holdout, frequency cap, quiet
// hours, validity. Pure: the caller supplies the customer's state and recent messages.
import { emailConsent } from "./consent";
import { firstAllowedByCap } from "./frequency";
import { isHeldOut } from "./holdout";
import { afterQuietHours, effectiveTimeZone } from "./quiet-hours";
import type { GuardrailSettings } from "./settings";

export interface GuardrailInput {
  campaignId: string;
  customerId: bigint;
  holdoutPercent: number;
  /** When the trigger wants the message sent, and the last moment it is still worth sending. */
  dueAt: Date;
  validUntil: Date;
  emailMarketing: string | null;
  email: string | null;
  customerTimeZone: string | null;
  shopTimeZone: string | null;
  /** Times of this customer's messages (any campaign) sent or scheduled to be sent. */
  otherMessages: readonly Date[];
  settings: GuardrailSettings;
}

export type GuardrailDecision =
  | { status: "pending"; scheduledFor: Date; adjustments: ("frequency_cap" | "quiet_hours")[] }
  | { status: "held_out"; scheduledFor: Date; reason: "holdout" }
  | { status: "suppressed"; scheduledFor: Date; reason: string };

export function decide(input: GuardrailInput): GuardrailDecision {
  const consent = emailConsent(input.emailMarketing, input.email);
  if (!consent.ok) return { status: "suppressed", scheduledFor: input.dueAt, reason: consent.reason };
  // Holdout after consent so the held-out group is comparable with the sendable recipients.
  if (isHeldOut(input.campaignId, input.customerId, input.holdoutPercent)) {
    return { status: "held_out", scheduledFor: input.dueAt, reason: "holdout" };
  }
  const { settings } = input;
  const tz = effectiveTimeZone(input.customerTimeZone, input.shopTimeZone);
  const adjustments = new Set<"frequency_cap" | "quiet_hours">();
  let at = input.dueAt;
  // Moving later for quiet hours can collide with a scheduled message; settle both.
  for (let round = 0; round < 8; round++) {
    const capped = firstAllowedByCap(at, input.otherMessages, settings.capCount, settings.capDays);
    if (capped.getTime() !== at.getTime()) adjustments.add("frequency_cap");
    const quiet = afterQuietHours(capped, tz, settings.quietStart, settings.quietEnd);
    if (quiet.getTime() !== capped.getTime()) adjustments.add("quiet_hours");
    const settled = quiet.getTime() === at.getTime();
    at = quiet;
    if (settled) break;
  }
  if (at.getTime() > input.validUntil.getTime()) {
    const why = adjustments.has("frequency_cap") ? "frequency_cap" : "quiet_hours";
    return {
      status: "suppressed",
      scheduledFor: input.dueAt,
      reason: `${why}: next allowed ${at.toISOString()} is after the campaign's validity (${input.validUntil.toISOString()})`,
    };
  }
  return { status: "pending", scheduledFor: at, adjustments: [...adjustments] };
}
