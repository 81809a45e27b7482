// Reading stored settings (defaults for anything missing or invalid) and validating a submitted
// form with one message per field, shown next to that field.
import {
  SETTINGS_DEFAULTS,
  SETTINGS_FIELDS,
  settingsSchema,
  type MerchantSettings,
  type SettingsField,
} from "./schema";

export type SettingsErrors = Partial<Record<SettingsField, string>>;

export type SettingsParse = { ok: true; settings: MerchantSettings } | { ok: false; errors: SettingsErrors };

const GUARDRAIL_KEYS = ["capCount", "capDays", "quietStart", "quietEnd"] as const satisfies readonly SettingsField[];
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Shop.settings layout: the guardrails under "guardrails" (read by the campaign engine through
 * guardrailSettings), everything else at the top level. Other keys are kept as they are.
 */
export function storeSettings(current: unknown, settings: MerchantSettings): Record<string, unknown> {
  const guardrails = Object.fromEntries(GUARDRAIL_KEYS.map((k) => [k, settings[k]]));
  const rest = Object.fromEntries(
    SETTINGS_FIELDS.filter((f) => !(GUARDRAIL_KEYS as readonly string[]).includes(f)).map((f) => [f, settings[f]]),
  );
  return { ...record(current), ...rest, guardrails: { ...record(record(current).guardrails), ...guardrails } };
}

/** Stored JSON -> settings; each invalid or missing value falls back to its default on its own. */
export function readSettings(raw: unknown): MerchantSettings {
  const stored = record(raw);
  const source: Record<string, unknown> = { ...stored, ...record(stored.guardrails) };
  const result = { ...SETTINGS_DEFAULTS } as Record<SettingsField, unknown>;
  for (const field of SETTINGS_FIELDS) {
    const parsed = settingsSchema.shape[field].safeParse(source[field]);
    if (source[field] !== undefined && parsed.success) result[field] = parsed.data;
  }
  return result as MerchantSettings;
}

/** A submitted form (strings) -> settings, or the first problem per field. */
export function parseSettings(input: Record<string, unknown>): SettingsParse {
  const cleaned = Object.fromEntries(
    SETTINGS_FIELDS.map((f) => [f, typeof input[f] === "string" && input[f] === "" ? undefined : input[f]]),
  );
  const result = settingsSchema.safeParse(cleaned);
  const errors: SettingsErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as SettingsField;
      errors[field] ??= cleaned[field] === undefined ? "Enter a value" : issue.message;
    }
    return { ok: false, errors };
  }
  const s = result.data;
  if (s.quietStart === s.quietEnd) errors.quietEnd = "Quiet hours must end at a different time than they start";
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings: s };
}
