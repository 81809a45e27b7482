// Builders for unit tests: a customer's facts with sensible empty defaults.
import { type CustomerFacts, type OrderFact } from "./facts";
import { DAY_MS } from "./time";

export const NOW = new Date("2026-11-29T12:00:00.000Z");

export function daysAgo(days: number, from: Date = NOW): Date {
  return new Date(from.getTime() - days * DAY_MS);
}

export function facts(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return { customerId: "1", fields: {}, tags: [], orders: [], returns: [], milestones: [], mappings: {}, ...overrides };
}

let nextOrder = 1;
export function order(ageDays: number, productIds: string[], extra: Partial<OrderFact> = {}): OrderFact {
  nextOrder += 1;
  return { id: String(nextOrder), processedAt: daysAgo(ageDays), cancelled: false, test: false, productIds, ...extra };
}
