// When a campaign wants to message a customer. Each trigger kind names its events with a
// triggerKey; (campaign, customer, triggerKey) is unique, so a trigger event yields at most one
// message per customer however often the scheduler looks at it.
import { z } from "zod";
import { countOf } from "~/shared/format";

const validDays = z.number().int().min(1).max(60).optional();
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const triggerSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("event"),
    event: z.enum(["order_placed", "order_delivered"]),
    delayDays: z.number().int().min(0).max(365),
    /** At most one message per customer for this campaign, whichever order triggers it. */
    once: z.boolean().optional(),
    validDays,
  }),
  z.object({
    kind: z.literal("milestone"),
    milestone: z.enum(["any", "lifetime_spend", "order_count", "anniversary_years"]),
    minThreshold: z.number().min(0).optional(),
    validDays,
  }),
  z.object({ kind: z.literal("relaunch"), validDays }),
  z.object({
    kind: z.literal("schedule"),
    /** Daily, at this local time in the shop's timezone, on these weekdays (0 = Sunday; all when absent). */
    time: z.string().regex(HHMM, "time must be HH:MM (24-hour)"),
    weekdays: z.array(z.number().int().min(0).max(6)).min(1).optional(),
    validDays,
  }),
]);

export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerKind = Trigger["kind"];

/**
 * How long after its due time a message is still worth sending. A message the frequency cap or
 * quiet hours push past this is dropped with its reason (docs/decisions/0051-frequency-cap.md).
 */
export const DEFAULT_VALID_DAYS: Record<TriggerKind, number> = { event: 3, milestone: 14, relaunch: 30, schedule: 1 };

export function validDaysOf(trigger: Trigger): number {
  return trigger.validDays ?? DEFAULT_VALID_DAYS[trigger.kind];
}

export const DAY_MS = 86_400_000;

export const triggerKeys = {
  order: (orderId: bigint | string) => `order:${orderId}`,
  once: () => "once",
  milestone: (kind: string, threshold: string) => `milestone:${kind}:${threshold}`,
  relaunch: (productId: bigint | string, relaunchedAt: Date) => `relaunch:${productId}:${relaunchedAt.toISOString()}`,
  schedule: (occurrence: Date) => `schedule:${occurrence.toISOString()}`,
};

export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case "event": {
      const what = trigger.event === "order_placed" ? "an order is placed" : "an order is delivered";
      return trigger.delayDays === 0 ? `When ${what}` : `${countOf(trigger.delayDays, "day")} after ${what}`;
    }
    case "milestone":
      return trigger.milestone === "any"
        ? "When a customer reaches a loyalty milestone"
        : `When a customer reaches a ${trigger.milestone.replace("_", " ")} milestone`;
    case "relaunch":
      return "When a product the customer returned is relaunched";
    case "schedule":
      return `Every ${trigger.weekdays ? trigger.weekdays.map((d) => ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d]).join(", ") : "day"} at ${trigger.time}`;
  }
}
