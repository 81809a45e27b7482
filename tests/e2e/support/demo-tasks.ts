// Runs one of the app's own background tasks against a running demo with the test's clock, the
// way the integration tests drive time (tests/support/campaigns.ts testClock): the demo's
// PostgreSQL, the simulator over HTTP with the access token it has issued, the production module.
// Used for the daily engagement report, which only covers shop-local days that have ended.
import { createDb } from "~/db.server";
import { memoryLogger } from "~/logger.server";
import { reportEngagement, type ReportSummary } from "~/marketing/engagement.server";
import { createAdminClient } from "~/shopify/admin-client.server";
import type { RunningDemo } from "./demo";

export async function reportEngagementAt(demo: RunningDemo, now: Date): Promise<ReportSummary> {
  const info = (await (await fetch(`${demo.controlUrl}/`)).json()) as { accessToken: string };
  const db = createDb(demo.databaseUrl, { max: 2 });
  try {
    const admin = createAdminClient({
      shop: demo.shop,
      accessToken: info.accessToken,
      apiVersion: "2026-07",
      endpoint: demo.simulatorUrl,
    });
    return await reportEngagement({ db, admin: async () => admin, now: () => now, log: memoryLogger() }, demo.shop);
  } finally {
    await db.close();
  }
}
