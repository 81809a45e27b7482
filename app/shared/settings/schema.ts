// The merchant's settings (stored in Shop.settings). Defaults come from the engines that apply
// them, so there is one source of truth; this file only names, bounds and explains them.
import { z } from "zod";
import { DEFAULT_GUARDRAILS } from "~/delivery/rules/guardrails/settings";
import { PILLAR_CRITERIA } from "~/segments/rules/pillars/criteria";
import { DEFAULT_ATTRIBUTION_DAYS } from "~/attribution/rules/attribution";
import { channelSchema, DEFAULT_CHANNEL } from "~/delivery/rules/channels";

export const DEFAULT_HOLDOUT_PERCENT = 10;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .refine((n) => Number.isInteger(n), `${label} must be a whole number`)
    .refine((n) => n >= min && n <= max, `${label} must be between ${min} and ${max}`);
const time = (label: string) => z.string().trim().regex(HHMM, `${label} must be a time such as 21:00 (24-hour clock)`);

export const SETTINGS_DEFAULTS = {
  attributionDays: DEFAULT_ATTRIBUTION_DAYS,
  capCount: DEFAULT_GUARDRAILS.capCount,
  capDays: DEFAULT_GUARDRAILS.capDays,
  quietStart: DEFAULT_GUARDRAILS.quietStart,
  quietEnd: DEFAULT_GUARDRAILS.quietEnd,
  milestoneSpend: Number(PILLAR_CRITERIA.loyalty.netSpendAtLeast),
  milestoneOrders: PILLAR_CRITERIA.loyalty.ordersAtLeast,
  milestoneYears: Math.round(PILLAR_CRITERIA.loyalty.tenureDays / 365),
  holdoutPercent: DEFAULT_HOLDOUT_PERCENT,
  defaultChannel: DEFAULT_CHANNEL,
} as const;

export const settingsSchema = z.object({
  attributionDays: whole("Attribution window", 1, 90),
  capCount: whole("Messages per customer", 1, 50),
  capDays: whole("Frequency cap period", 1, 90),
  quietStart: time("Quiet hours start"),
  quietEnd: time("Quiet hours end"),
  milestoneSpend: whole("Lifetime spend milestone", 1, 10_000_000),
  milestoneOrders: whole("Order count milestone", 1, 10_000),
  milestoneYears: whole("Anniversary milestone", 1, 50),
  holdoutPercent: whole("Holdout", 0, 50),
  /** The channel new campaigns start with (decision 0170). */
  defaultChannel: channelSchema.default(DEFAULT_CHANNEL),
});

export type MerchantSettings = z.infer<typeof settingsSchema>;
export type SettingsField = keyof MerchantSettings;
export const SETTINGS_FIELDS = Object.keys(settingsSchema.shape) as SettingsField[];
