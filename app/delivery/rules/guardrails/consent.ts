// Marketing consent for the email channel (Shopify's CustomerEmailMarketingState). Only an
// explicit, confirmed SUBSCRIBED is sendable: PENDING means double opt-in is not yet confirmed,
// NOT_SUBSCRIBED never opted in, UNSUBSCRIBED opted out, REDACTED/INVALID cannot be mailed.

export type ConsentResult = { ok: true } | { ok: false; reason: string };

export function emailConsent(state: string | null | undefined, email: string | null | undefined): ConsentResult {
  if (!email) return { ok: false, reason: "no_email" };
  const s = (state ?? "NOT_SUBSCRIBED").toUpperCase();
  if (s === "SUBSCRIBED") return { ok: true };
  return { ok: false, reason: `consent_${s.toLowerCase()}` };
}
