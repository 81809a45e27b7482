// Planted defects (decision 0210): each makes exactly one soak check fail, so a test proves the
// check can fail. "webhook-twice" and "message-twice" are bugs planted in the worker processes
// by wrapping the app's tasks (scripts/soak/worker.ts, decision 0213); the others leave in the
// database what a bug would.
import type { Db } from "~/db.server";

export const APP_PLANTS = ["webhook-twice", "message-twice"] as const;
export type AppPlant = (typeof APP_PLANTS)[number];
export const STATE_PLANTS = ["due-unsent", "conversion-lost", "profile-drift"] as const;
export const PLANTS = [...APP_PLANTS, ...STATE_PLANTS] as const;
export type Plant = (typeof PLANTS)[number];

export const isPlant = (name: string): name is Plant => (PLANTS as readonly string[]).includes(name);

/** The state a bug would leave; "profile-drift" is applied between the two recomputes (checks.ts). */
export async function applyStatePlant(db: Db, shop: string, plant: Plant, asOf: Date): Promise<void> {
  if (plant === "due-unsent") {
    // A message materialised and due, that no worker ever picked up.
    await db.pool.query(
      `INSERT INTO "Message" (id, shop, "campaignId", "customerId", "triggerKey", status, "scheduledFor", "updatedAt")
       SELECT 'planted-due-unsent', shop, "campaignId", "customerId", 'planted', 'pending', $2, $2
         FROM "Message" WHERE shop = $1 LIMIT 1`,
      [shop, new Date(asOf.getTime() - 60_000)],
    );
  } else if (plant === "conversion-lost") {
    await db.pool.query(
      `DELETE FROM "Conversion" WHERE shop = $1 AND "orderId" = (SELECT min("orderId") FROM "Conversion" WHERE shop = $1)`,
      [shop],
    );
  } else if (plant === "profile-drift") {
    // One profile the incremental run did not rebuild though its orders changed.
    await db.pool.query(
      `UPDATE "CustomerProfile" SET "orderCount" = "orderCount" + 1
        WHERE shop = $1 AND "customerId" = (SELECT min("customerId") FROM "CustomerProfile" WHERE shop = $1 AND "orderCount" > 0)`,
      [shop],
    );
  }
}
