// Per-node shape schemas (children left as unknown: validate.ts recurses with the path). The rule
// types in types.ts are inferred from these.
import { z } from "zod";
import { MILESTONE_KINDS, RETURN_REASON_HANDLES, TOP_MEASURES, TOP_PERCENT_MAX } from "./types";

/** Optional merchant-facing name, shown in errors and explanations. */
const label = z.string().max(200).optional();
const days = z.number().int().min(0).max(36_500);
const productId = z.string().regex(/^\d+$/, "must be a numeric product id string");
const scalar = z.union([z.string(), z.number().finite()]);

export const NODE_SCHEMAS = {
  all: z.strictObject({ type: z.literal("all"), label, rules: z.array(z.unknown()) }),
  any: z.strictObject({ type: z.literal("any"), label, rules: z.array(z.unknown()) }),
  not: z.strictObject({ type: z.literal("not"), label, rule: z.unknown() }),
  compare: z.strictObject({
    type: z.literal("compare"),
    label,
    field: z.string(),
    op: z.enum(["eq", "neq", "gt", "gte", "lt", "lte", "in", "between", "isSet"]),
    value: z.union([scalar, z.array(scalar)]).optional(),
  }),
  relativeDate: z.strictObject({
    type: z.literal("relativeDate"),
    label,
    field: z.string(),
    op: z.enum(["withinLastDays", "atLeastDaysAgo", "daysAgo"]),
    days,
  }),
  productAffinity: z.strictObject({
    type: z.literal("productAffinity"),
    label,
    productId: productId.optional(),
    minOrders: z.number().int().min(1).max(1000),
    withinDays: days.min(1).optional(),
    requirePremium: z.boolean().optional(),
  }),
  returned: z.strictObject({
    type: z.literal("returned"),
    label,
    productId: productId.optional(),
    reasons: z.array(z.enum(RETURN_REASON_HANDLES)).min(1).optional(),
    withinDays: days.min(1).optional(),
    relaunchedSince: z.boolean().optional(),
  }),
  milestone: z.strictObject({
    type: z.literal("milestone"),
    label,
    kind: z.enum(MILESTONE_KINDS),
    minThreshold: z
      .union([z.number().finite().min(0), z.string().regex(/^\d+(\.\d+)?$/, "must be a non-negative decimal")])
      .optional(),
    withinDays: days.min(1).optional(),
  }),
  top: z.strictObject({
    type: z.literal("top"),
    label,
    by: z.enum(TOP_MEASURES),
    percent: z.number().int().min(1).max(TOP_PERCENT_MAX),
  }),
  consent: z.strictObject({
    type: z.literal("consent"),
    label,
    channel: z.enum(["email", "sms"]),
    states: z.array(z.string()).min(1),
  }),
  tag: z.strictObject({
    type: z.literal("tag"),
    label,
    match: z.enum(["any", "all"]),
    tags: z.array(z.string().min(1)).min(1),
  }),
} as const;
