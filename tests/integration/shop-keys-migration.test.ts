// The shop-first keys migration (docs/decisions/0206) on a database that already holds rows: every
// migration before it is applied to an empty database, rows go into the re-keyed tables, then the
// migration runs and every row is still there under its new key.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";

const dir = path.resolve(import.meta.dirname, "../../prisma/migrations");
const migrations = fs
  .readdirSync(dir)
  .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
  .sort();
const target = migrations.findIndex((name) => name.endsWith("_shop_first_keys"));

describe("the shop-first keys migration on existing data", () => {
  const name = `test_${randomUUID().replaceAll("-", "")}`;
  const url = new URL(inject("pgAdminUrl"));
  url.pathname = `/${name}`;
  const admin = () => new pg.Client({ connectionString: inject("pgAdminUrl") });
  let client: pg.Client | null = null;
  afterAll(async () => {
    await client?.end();
    const a = admin();
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  });

  it("re-keys tables full of rows without losing one", async () => {
    expect(target).toBeGreaterThan(0);
    const a = admin();
    await a.connect();
    await a.query(`CREATE DATABASE "${name}"`);
    await a.end();
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const run = (m: string) => client!.query(fs.readFileSync(path.join(dir, m, "migration.sql"), "utf8"));
    for (const m of migrations.slice(0, target)) await run(m);
    for (const shop of ["a.myshopify.com", "b.myshopify.com"]) {
      const id = (s: string) => `${s}-${shop[0]}`;
      await client.query(
        `INSERT INTO "Campaign" (id, shop, name, pillar, definition, trigger, subject, body, "updatedAt")
           VALUES ($2, $1, 'C', 'loyalty', '{}', '{}', 's', 'b', now());
         INSERT INTO "Message" (id, shop, "campaignId", "customerId", "triggerKey", status, "scheduledFor", "updatedAt")
           VALUES ($3, $1, $2, 1, 't', 'sent', now(), now());
         INSERT INTO "MessageClick" ("messageId", shop, "campaignId", "customerId") VALUES ($3, $1, $2, 1);
         INSERT INTO "MachineClick" ("messageId", reason, shop, "campaignId", "customerId", "firstAt", "lastAt")
           VALUES ($3, 'head_request', $1, $2, 1, now(), now());
         INSERT INTO "WebhookDelivery" ("webhookId", shop, topic) VALUES ($4, $1, 'orders/create');
         INSERT INTO "MarketingActivity" ("campaignId", shop, desired, "utmCampaign", "utmMedium", "updatedAt")
           VALUES ($2, $1, 'ACTIVE', 'c', 'email', now());
         INSERT INTO "MarketingEngagementReport" ("campaignId", day, shop, "utcOffset", sends, clicks, unsubscribes, status)
           VALUES ($2, '2026-12-01', $1, '+00:00', 1, 1, 0, 'reported');`.replace(/\$(\d)/g, (_, n: string) =>
          n === "1" ? `'${shop}'` : `'${[id("campaign"), id("message"), id("webhook")][Number(n) - 2]}'`,
        ),
      );
    }
    for (const m of migrations.slice(target)) await run(m);
    const counts = await client.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM "Campaign") + (SELECT count(*) FROM "Message") + (SELECT count(*) FROM "MessageClick")
         + (SELECT count(*) FROM "MachineClick") + (SELECT count(*) FROM "WebhookDelivery") + (SELECT count(*) FROM "MarketingActivity")
         + (SELECT count(*) FROM "MarketingEngagementReport") AS n`,
    );
    expect(Number(counts.rows[0].n)).toBe(14);
    const key = await client.query<{ def: string }>(
      `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indexrelid = '"Message_pkey"'::regclass`,
    );
    expect(key.rows[0].def).toContain("(shop, id)");
    // The at-most-once key now includes the shop and still refuses a second message.
    await expect(
      client.query(
        `INSERT INTO "Message" (id, shop, "campaignId", "customerId", "triggerKey", status, "scheduledFor", "updatedAt")
         VALUES ('again', 'a.myshopify.com', 'campaign-a', 1, 't', 'pending', now(), now())`,
      ),
    ).rejects.toThrow(/Message_shop_campaignId_customerId_triggerKey_key/);
  });
});
