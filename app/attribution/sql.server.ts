// SQL fragments shared by attribution, lift and export, so every figure uses the same rule as
// app/attribution/rules/attribution.ts. $1 is always the shop.

/** Qualifying orders of the shop with their revenue net of refunds (never below zero). */
export const qualifyingOrders = (extraWhere = "") => `
  SELECT o.id, o."customerId", o."processedAt",
         GREATEST(o."totalPrice" - GREATEST(o."totalRefunded", COALESCE(r.refunded, 0)), 0) AS net
  FROM "Order" o
  LEFT JOIN LATERAL (SELECT sum(rf.amount) AS refunded FROM "Refund" rf WHERE rf.shop = $1 AND rf."orderId" = o.id) r ON true
  WHERE o.shop = $1 AND o."customerId" IS NOT NULL AND o."cancelledAt" IS NULL AND NOT o.test ${extraWhere}`;

/** Touches: sent messages at sentAt, holdouts at scheduledFor (their would-be send time). */
export const TOUCHES = `
  SELECT m.id AS "messageId", m."campaignId", m."customerId", m.status = 'held_out' AS "heldOut",
         CASE WHEN m.status = 'held_out' THEN m."scheduledFor" ELSE m."sentAt" END AS at,
         c."attributionDays" AS days, c.pillar
  FROM "Message" m JOIN "Campaign" c ON c.id = m."campaignId"
  WHERE m.shop = $1 AND (m.status = 'held_out' OR (m.status = 'sent' AND m."sentAt" IS NOT NULL))`;

/** The window test of attribution.ts#inWindow, for a touch aliased t and an order aliased o. */
export const IN_WINDOW = `o."processedAt" > t.at AND o."processedAt" <= t.at + make_interval(days => t.days)`;
