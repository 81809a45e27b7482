// The merchant-adjustable guardrail settings and their defaults.
import { countOf } from "~/shared/format";

export interface GuardrailSettings {
  /** At most capCount messages per customer in any capDays-day window, across all campaigns. */
  capCount: number;
  capDays: number;
  /** Local "HH:MM" in the customer's timezone (fallback: the shop's). start > end spans midnight. */
  quietStart: string;
  quietEnd: string;
}

export const DEFAULT_GUARDRAILS: GuardrailSettings = {
  capCount: 1,
  capDays: 7,
  quietStart: "21:00",
  quietEnd: "08:00",
};

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function minutesOfDay(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new Error(`Invalid time "${hhmm}", expected HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Reads settings from a shop's stored JSON, keeping defaults for anything missing or invalid. */
export function guardrailSettings(raw: unknown): GuardrailSettings {
  const source = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const int = (v: unknown, d: number, min: number, max: number) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : d;
  const time = (v: unknown, d: string) => (typeof v === "string" && HHMM.test(v) ? v : d);
  return {
    capCount: int(source.capCount, DEFAULT_GUARDRAILS.capCount, 1, 50),
    capDays: int(source.capDays, DEFAULT_GUARDRAILS.capDays, 1, 90),
    quietStart: time(source.quietStart, DEFAULT_GUARDRAILS.quietStart),
    quietEnd: time(source.quietEnd, DEFAULT_GUARDRAILS.quietEnd),
  };
}

/** The rules as the merchant reads them in the campaign editor and settings (decision 0051). */
export function guardrailCopy(s: GuardrailSettings): {
  consent: string;
  frequencyCap: string;
  quietHours: string;
  holdout: string;
} {
  const per = s.capCount === 1 ? "one message" : countOf(s.capCount, "message");
  return {
    consent:
      "Only customers subscribed to email marketing receive messages. Pending (unconfirmed), not subscribed and unsubscribed customers are skipped, and consent is checked again just before sending.",
    frequencyCap: `Each customer gets at most ${per} every ${countOf(s.capDays, "day")} across all campaigns. A message over the limit waits until the first allowed time; if that is after the campaign's send window, it is skipped and the reason is shown.`,
    quietHours: `No messages between ${s.quietStart} and ${s.quietEnd} in the customer's timezone (your store's timezone when theirs is unknown). A message due then is sent at ${s.quietEnd}.`,
    holdout:
      "A share of each campaign's audience (10% by default) is held out: they are recorded but never messaged, so you can measure the lift. The same customer always lands in the same group.",
  };
}
