// SQL fragments shared by attribution, lift and export, so every figure uses the same rule as
// app/attribution/rules/attribution.ts. Each takes the shop as a placeholder (or, for COPY, an
// escaped literal) from the statement that owns the parameters (docs/decisions/0164).
import { countedOrderSql } from "~/profile/rules/counted-order";

/**
 * Qualifying orders of the shop — counted orders with a customer — with their revenue net of
 * refunds (never below zero); `where` adds conditions on o.
 */
export const qualifyingOrders = ({ shop, where = "" }: { shop: string; where?: string }) => `
  SELECT o.id, o."customerId", o."processedAt",
         GREATEST(o."totalPrice" - GREATEST(o."totalRefunded", COALESCE(r.refunded, 0)), 0) AS net
  FROM "Order" o
  LEFT JOIN LATERAL (SELECT sum(rf.amount) AS refunded FROM "Refund" rf WHERE rf.shop = ${shop} AND rf."orderId" = o.id) r ON true
  WHERE o.shop = ${shop} AND o."customerId" IS NOT NULL AND ${countedOrderSql("o")} ${where}`;

/** Touches: sent messages at sentAt, holdouts at scheduledFor (their would-be send time). */
export const touches = ({ shop }: { shop: string }) => `
  SELECT m.id AS "messageId", m."campaignId", m."customerId", m.status = 'held_out' AS "heldOut",
         CASE WHEN m.status = 'held_out' THEN m."scheduledFor" ELSE m."sentAt" END AS at,
         c."attributionDays" AS days, c.pillar
  FROM "Message" m JOIN "Campaign" c ON c.shop = m.shop AND c.id = m."campaignId"
  WHERE m.shop = ${shop} AND (m.status = 'held_out' OR (m.status = 'sent' AND m."sentAt" IS NOT NULL))`;

/** The window test of attribution.ts#inWindow, for a touch aliased t and an order aliased o. */
export const IN_WINDOW = `o."processedAt" > t.at AND o."processedAt" <= t.at + make_interval(days => t.days)`;
