// CSV export of one campaign's recipients and outcomes, holdout included and flagged. PostgreSQL
// writes the CSV (COPY … TO STDOUT, RFC 4180 quoting) and it streams through without being held
// in memory, so large campaigns cost a connection, not RAM.
import { DELIVERED_STATUS_SQL } from "~/delivery/rules/channel-wording";
import { escapeLiteral } from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { AppContext } from "~/runtime/app-context.server";
import { parseRecordId } from "~/shared/ids";
import { qualifyingOrders } from "./sql.server";

export const CSV_COLUMNS = [
  "message_id",
  "customer_id",
  "email",
  "first_name",
  "last_name",
  "holdout",
  "status",
  "reason",
  "scheduled_for",
  "sent_at",
  "window_ends_at",
  "clicked_at",
  "attributed_orders",
  "attributed_revenue",
  "window_orders",
  "window_revenue",
] as const;

// Customer-typed text opening with = + - @ would run as a formula in a spreadsheet (CSV injection,
// OWASP); a leading apostrophe keeps it text.
const safe = (expression: string) =>
  `CASE WHEN ${expression} ~ '^[=+@\\t\\r-]' THEN '''' || ${expression} ELSE ${expression} END`;
const iso = (expression: string) => `to_char(${expression}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const columns = (...expressions: string[]) =>
  expressions.map((expression, index) => `${expression} AS "${CSV_COLUMNS[index]}"`).join(",\n           ");

function exportSql(shop: string, campaignId: string): string {
  // COPY takes no bind parameters: the shop goes as an escaped literal.
  const shopLiteral = escapeLiteral(shop);
  const orders = qualifyingOrders({
    shop: shopLiteral,
    where: `AND o."customerId" = m."customerId" AND o."processedAt" > w.at AND o."processedAt" <= w.at + make_interval(days => c."attributionDays")`,
  });
  return `
    SELECT ${columns(
      `m.id`,
      `m."customerId"`,
      safe(`cu.email`),
      safe(`cu."firstName"`),
      safe(`cu."lastName"`),
      `CASE WHEN m.status = 'held_out' THEN 'true' ELSE 'false' END`,
      DELIVERED_STATUS_SQL("m", "c"), // "handed_to_shopify" on the Flow channels (decision 0181)
      `m.reason`,
      iso(`m."scheduledFor"`),
      iso(`m."sentAt"`),
      iso(`w.at + make_interval(days => c."attributionDays")`),
      iso(`k."clickedAt"`),
      `COALESCE(v.orders, 0)`,
      `round(COALESCE(v.revenue, 0), 2)`,
      `COALESCE(wo.orders, 0)`,
      `round(COALESCE(wo.revenue, 0), 2)`,
    )}
    FROM "Message" m
    JOIN "Campaign" c ON c.shop = m.shop AND c.id = m."campaignId"
    LEFT JOIN "Customer" cu ON cu.shop = m.shop AND cu.id = m."customerId"
    LEFT JOIN "MessageClick" k ON k.shop = m.shop AND k."messageId" = m.id
    CROSS JOIN LATERAL (SELECT CASE WHEN m.status = 'held_out' THEN m."scheduledFor" WHEN m.status = 'sent' THEN m."sentAt" END AS at) w
    LEFT JOIN LATERAL (SELECT count(*) AS orders, sum(revenue) AS revenue FROM "Conversion" cv WHERE cv.shop = m.shop AND cv."messageId" = m.id) v ON true
    LEFT JOIN LATERAL (SELECT count(*) AS orders, sum(net) AS revenue FROM (${orders}) o) wo ON w.at IS NOT NULL
    WHERE m.shop = ${shopLiteral} AND m."campaignId" = ${escapeLiteral(campaignId)} AND c.shop = ${shopLiteral}
    ORDER BY m."customerId", m."scheduledFor", m.id`;
}

/**
 * The campaign's rows as CSV text chunks, header line first. Stop early and the connection is
 * discarded rather than returned mid-COPY. The caller checks the campaign exists in the shop.
 */
export async function* exportCampaignCsv(
  ctx: Pick<AppContext, "db">,
  shop: string,
  campaignId: string,
): AsyncGenerator<string> {
  const client = await ctx.db.pool.connect();
  let finished = false;
  try {
    const stream = client.query(copyTo(`COPY (${exportSql(shop, campaignId)}) TO STDOUT WITH (FORMAT csv, HEADER)`));
    const decoder = new TextDecoder();
    for await (const chunk of stream as AsyncIterable<Buffer>) yield decoder.decode(chunk, { stream: true });
    const tail = decoder.decode();
    if (tail) yield tail;
    finished = true;
  } finally {
    client.release(!finished);
  }
}

/** The same export as a web stream, for `new Response(body, {headers: {"Content-Type": "text/csv"}})`. */
export function exportCampaignCsvStream(
  ctx: Pick<AppContext, "db">,
  shop: string,
  campaignId: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = exportCampaignCsv(ctx, shop, campaignId);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}

/** The export of `shop`'s campaign as a web stream; null when the shop has no such campaign. */
export async function campaignCsv(
  ctx: Pick<AppContext, "db">,
  shop: string,
  campaignId: string,
): Promise<ReadableStream<Uint8Array> | null> {
  const id = parseRecordId(campaignId);
  const found = id && (await ctx.db.prisma.campaign.findFirst({ where: { id, shop }, select: { id: true } }));
  return found ? exportCampaignCsvStream(ctx, shop, found.id) : null;
}
