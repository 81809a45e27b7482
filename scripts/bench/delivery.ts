// Email-channel throughput (decision 0171): N pending messages drained through the outbox, built
// with the React Email layout and sent over SMTP to the local server (scripts/demo/inbox.ts),
// which parses every message. Phase 1: rate limit off → messages/s. Phase 2: the shop's rate on,
// two drains at once (as two worker processes would run) → share of the configured rate used.
// Both: none lost (every row sent) and none duplicated (each recipient received exactly one).
// Run: npm run bench:delivery [-- --messages 1000 --rate 50 --paced-messages 500]
import { pathToFileURL } from "node:url";
import { drainOutbox } from "~/delivery/outbox.server";
import { databasePacer, unpaced, type Pacer } from "~/delivery/pace.server";
import { saveSender } from "~/delivery/sender.server";
import { closeTransports } from "~/delivery/smtp.server";
import { sendTestEmail } from "~/delivery/test-email.server";
import type { AppContext } from "~/runtime/app-context.server";
import { createDb, type Db } from "~/db.server";
import { memoryLogger } from "~/logger.server";
import { makeKeyring } from "~/secrets/secret-box.server";
import { createAdminFactory } from "~/shopify/admin-client.server";
import { startSimulator } from "~sim/index";
import { startLocalInbox, type LocalInbox } from "../demo/inbox";
import { benchDatabase } from "./database";

interface Phase {
  messages: number;
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  seconds: number;
  messagesPerSecond: number;
}

async function seed(db: Db, shop: string, campaignId: string, from: number, count: number): Promise<void> {
  const now = new Date();
  await db.pool.query(
    `INSERT INTO "Customer" (shop, id, "firstName", email, "emailMarketing", "createdAt", "updatedAt")
     SELECT $1, 7000000000000 + g, 'C' || g, 'c' || g || '@example.com', 'SUBSCRIBED', $2, $2 FROM generate_series($3::int, $4::int) g`,
    [shop, now, from, from + count - 1],
  );
  await db.pool.query(
    `INSERT INTO "Message" (id, shop, "campaignId", "customerId", "triggerKey", status, subject, body, "ctaUrl", "scheduledFor", "updatedAt")
     SELECT 'bench-' || g, $1, $2, 7000000000000 + g, 't', 'pending', 'Subject for C' || g,
            'Hi C' || g || E',\n\n' || repeat('Thank you for being with us. ', 12), 'https://' || $1 || '/products/x', $3, $3
       FROM generate_series($4::int, $5::int) g`,
    [shop, campaignId, now, from, from + count - 1],
  );
}

const sentRows = async (ctx: AppContext) =>
  Number(
    (
      await ctx.db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "Message" WHERE status = 'sent' AND id LIKE 'bench-%'`,
      )
    ).rows[0].n,
  );

async function phase(
  ctx: AppContext,
  inbox: LocalInbox,
  deps: (pacer: Pacer) => Parameters<typeof drainOutbox>[1],
  pacer: () => Pacer,
  count: number,
  drains: number,
): Promise<Phase> {
  const before = inbox.messages.length;
  const rowsBefore = await sentRows(ctx);
  const start = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: drains }, async () => {
      const result = await drainOutbox(ctx, { ...deps(pacer()), batchSize: 50 });
      sent += result.sent;
    }),
  );
  await inbox.waitFor(before + sent, 60_000);
  const seconds = (performance.now() - start) / 1000;
  const rows = (await sentRows(ctx)) - rowsBefore;
  const counts = inbox.countsByRecipient();
  return {
    messages: count,
    sent,
    received: inbox.messages.length - before,
    // Lost: a message whose row is not "sent"; received counts what the SMTP server got.
    lost: count - rows,
    duplicated: [...counts.values()].filter((n) => n > 1).length,
    seconds: Number(seconds.toFixed(2)),
    messagesPerSecond: Number((sent / seconds).toFixed(1)),
  };
}

export async function runDeliveryBench(options: { messages?: number; rate?: number; pacedMessages?: number } = {}) {
  const { messages = 1000, rate = 50, pacedMessages = 500 } = options;
  const inbox = await startLocalInbox();
  const sim = await startSimulator({ customers: 20, seed: 3 });
  const database = await benchDatabase("bench_delivery");
  const db = createDb(database.url, { max: 8 });
  try {
    const shop = sim.shop;
    await db.prisma.shop.create({ data: { domain: shop, name: "Bench" } });
    await db.prisma.session.create({
      data: { id: `offline_${shop}`, shop, state: "installed", accessToken: sim.accessToken },
    });
    const campaign = await db.prisma.campaign.create({
      data: {
        shop,
        name: "Bench",
        pillar: "loyalty",
        status: "active",
        channel: "email",
        definition: {},
        trigger: { kind: "relaunch" },
        subject: "s",
        body: "b",
        ctaLabel: "See it",
      },
    });
    const mail = {
      keyring: makeKeyring([{ id: "b1", key: Buffer.alloc(32, 7) }]),
      operatorUrl: inbox.smtpUrl,
      operatorFromDomain: "bench.localhost",
    };
    const form = {
      fromName: "Bench",
      fromAddress: "owner@bench.example",
      smtpMode: "operator",
      ratePerSecond: String(rate),
    };
    const saved = await saveSender(db, shop, form, mail);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const verified = await sendTestEmail(db, shop, mail, new Date());
    if (!verified.ok) throw new Error(verified.error);
    const ctx: AppContext = {
      db,
      admin: createAdminFactory(db, { endpoint: sim.url }),
      queue: { enqueue: async () => undefined },
      now: () => new Date(),
      log: memoryLogger(),
    };
    const deps = (pacer: Pacer) => ({
      concurrency: 8,
      email: { mail, appSecret: "bench-secret", pacer, unsubscribeBase: () => `https://${shop}/apps/rapport` },
    });
    await seed(db, shop, campaign.id, 1, messages);
    const unlimited = await phase(ctx, inbox, deps, () => unpaced, messages, 1);
    await seed(db, shop, campaign.id, messages + 1, pacedMessages);
    const paced = await phase(ctx, inbox, deps, () => databasePacer(db), pacedMessages, 2);
    return {
      rateLimitOff: unlimited,
      rateLimitOn: {
        ...paced,
        configuredRatePerSecond: rate,
        drainsAtOnce: 2,
        rateUsedPercent: Number(((100 * paced.messagesPerSecond) / rate).toFixed(1)),
        target: "≥ 90% and never above 100%",
      },
    };
  } finally {
    closeTransports();
    await db.close();
    await database.stop();
    await sim.stop();
    await inbox.stop();
  }
}

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await runDeliveryBench({
    messages: arg("messages"),
    rate: arg("rate"),
    pacedMessages: arg("paced-messages"),
  });
  console.log(JSON.stringify(figures, null, 2));
}
