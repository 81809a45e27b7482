// The production server (`scripts/start.ts` on the built app, two web processes sharing the port)
// answering POST /webhooks over HTTP: a signed delivery is recorded and queued once however often
// it comes and whichever process takes it; a bad HMAC gets 401 and stores nothing; the extra web
// process goes when the app stops.
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedUrl, freePort } from "~/db/postgres.server";
import { startAppProcess } from "~/runtime/app-process.server";
import { signWebhook } from "~tests/support/app-http";
import { alive, webPeersOf } from "./support/processes";

const SECRET = "e2e-webhook-secret";
const SHOP = "route-test.myshopify.com";

describe("POST /webhooks on the production server", () => {
  let app: ChildProcess;
  let dataDir: string;
  let base: string;
  let db: pg.Client;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-webhook-route-"));
    fs.chmodSync(dataDir, 0o755);
    const [port, pgPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    app = await startAppProcess({
      env: {
        RAPPORT_MODE: "production",
        SHOPIFY_API_KEY: "e2e-key",
        SHOPIFY_API_SECRET: SECRET,
        RAPPORT_ENCRYPTION_KEYS: `e2e:${crypto.randomBytes(32).toString("base64")}`,
        SHOPIFY_APP_URL: base,
        PORT: String(port),
        EMBEDDED_PG_DIR: path.join(dataDir, "pg"),
        EMBEDDED_PG_PORT: String(pgPort),
        WORKER_MODE: "off",
        WEB_PROCESSES: "2",
        LOG_LEVEL: "warn",
      },
      stderr: "pipe",
    });
    db = new pg.Client({ connectionString: embeddedUrl(pgPort) });
    await db.connect();
    // The app's embedded PostgreSQL stops with the app; a late notice is not a test failure.
    db.on("error", () => undefined);
  });

  afterAll(async () => {
    if (app?.exitCode === null) {
      await db?.end().catch(() => undefined);
      app.kill("SIGTERM");
      await new Promise((r) => app.once("exit", r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (id: string, body: string, secret = SECRET) =>
    fetch(`${base}/webhooks`, {
      method: "POST",
      body,
      headers: signWebhook(secret, "orders/updated", body, {
        shop: SHOP,
        headers: {
          "x-shopify-webhook-id": id,
          "x-shopify-event-id": `event-${id}`,
          "x-shopify-triggered-at": "2026-11-29T10:00:00.000Z",
        },
      }),
    });
  const count = async (sql: string, params: unknown[]) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0].n);

  it("records and queues each signed delivery once, duplicates and concurrency included", async () => {
    expect(webPeersOf(app.pid!)).toHaveLength(1);
    const body = JSON.stringify({ id: 820982911946154500, updated_at: "2026-11-29T10:00:00Z" });
    const ids = Array.from({ length: 60 }, (_, i) => `route-${i}`);
    const statuses = await Promise.all([...ids, ...ids.slice(0, 10)].map((id) => post(id, body).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(await count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "webhookId" LIKE 'route-%'`, [])).toBe(60);
    expect(
      await count(
        `SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE payload->>'webhookId' LIKE 'route-%'`,
        [],
      ),
    ).toBe(60);
    const row = await db.query(`SELECT shop, topic, "eventId" FROM "WebhookDelivery" WHERE "webhookId" = 'route-3'`);
    expect(row.rows[0]).toEqual({ shop: SHOP, topic: "orders/updated", eventId: "event-route-3" });
  });

  it("answers 401 to a bad HMAC and stores nothing", async () => {
    const response = await post("forged-1", JSON.stringify({ id: 1 }), "not-the-secret");
    expect(response.status).toBe(401);
    expect(await count(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "webhookId" = $1`, ["forged-1"])).toBe(0);
  });

  it("stops its extra web process with it", async () => {
    const peers = webPeersOf(app.pid!);
    await db.end();
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));
    await expect.poll(() => peers.filter(alive), { timeout: 10_000 }).toEqual([]);
  });
});
